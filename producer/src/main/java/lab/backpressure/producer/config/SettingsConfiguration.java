package lab.backpressure.producer.config;

import java.util.List;

import jakarta.validation.Validator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Every {@link AdminSettings} record bound at startup becomes part of the live, admin-changeable settings. */
@Configuration(proxyBeanMethods = false)
class SettingsConfiguration {

    @Bean
    LiveSettings liveSettings(List<AdminSettings> startup) {
        return new LiveSettings(startup);
    }

    @Bean
    SettingsCatalogue settingsCatalogue(JsonMapper json, List<AdminSettings> startup) {
        return new SettingsCatalogue(json, startup);
    }

    @Bean
    SettingsUpdater settingsUpdater(LiveSettings live, SettingsCatalogue catalogue, Validator validator,
                                    List<SettingsRule> rules, ApplicationEventPublisher events) {
        return new SettingsUpdater(live, catalogue, validator, rules, events);
    }
}
