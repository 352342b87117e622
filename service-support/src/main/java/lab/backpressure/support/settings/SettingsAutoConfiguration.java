package lab.backpressure.support.settings;

import java.util.List;

import jakarta.validation.Validator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@link AdminSettings} record bound at startup becomes part of the service's live, admin-changeable
 * settings: {@link Settings} to read them, {@link SettingsUpdater} to change them. Every {@link SettingsRule} bean
 * checks them.
 */
@AutoConfiguration
@ConditionalOnBean(AdminSettings.class)
public class SettingsAutoConfiguration {

    /** A bean of its own, not the updater's: a strategy that reads the settings is also a rule the updater runs. */
    @Bean
    LiveSettings liveSettings(List<AdminSettings> startup) {
        return new LiveSettings(startup);
    }

    @Bean
    SettingsUpdater settingsUpdater(LiveSettings live, JsonMapper json, Validator validator,
                                    List<AdminSettings> startup, ObjectProvider<SettingsRule> rules,
                                    ApplicationEventPublisher events) {
        return new SettingsUpdater(live, new SettingsCatalogue(json, startup), validator,
                rules.orderedStream().toList(), events);
    }
}
