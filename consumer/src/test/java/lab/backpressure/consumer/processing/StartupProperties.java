package lab.backpressure.consumer.processing;

import jakarta.validation.Validation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.backpressure.support.settings.SettingsUpdater;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The consumer's settings as startup makes them: each record bound from the documented defaults, overridden by the
 * properties given, and checked by {@link ConsumerLimits}.
 */
final class StartupProperties {

    private static final String PREFIX = "lab.consumer";
    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private final Binder binder;

    /** {@code new StartupProperties("processing-time-ms", "2", "concurrency", "4")}: names as in {@code --lab.consumer.*}. */
    StartupProperties(String... namesAndValues) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            settings.put(PREFIX + "." + namesAndValues[i], namesAndValues[i + 1]);
        }
        binder = new Binder(new MapConfigurationPropertySource(settings));
    }

    <T> T bind(Class<T> type) {
        return binder.bindOrCreate(PREFIX, type);
    }

    /** The consumer's settings, each change announced to {@code events}. */
    SettingsUpdater settings(ApplicationEventPublisher events) {
        return SettingsUpdater.of(JSON, Validation.buildDefaultValidatorFactory().getValidator(),
                List.of(bind(Processing.class), bind(SlowDown.class), bind(Shedding.class),
                        bind(FailureInjection.class)),
                List.of(bind(ConsumerLimits.class)), events);
    }

    static ObjectNode json(String update) {
        return JSON.readValue(update, ObjectNode.class);
    }
}
