package lab.backpressure.consumer.processing;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds {@link ConsumerProperties} as startup does: the documented defaults, overridden by the settings given. */
final class StartupProperties {

    private static final String PREFIX = "lab.consumer.";

    private StartupProperties() {
    }

    /** {@code bind("processing-time-ms", "2", "concurrency", "4")}: names as in {@code --lab.consumer.*}. */
    static ConsumerProperties bind(String... namesAndValues) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            settings.put(PREFIX + namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate(PREFIX.substring(0, PREFIX.length() - 1), ConsumerProperties.class);
    }
}
