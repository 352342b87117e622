package lab.backpressure.consumer.processing;

import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slowdown_factor}: processing takes this many times longer (1 = normal). Set by the handout's
 * {@code POST /admin/slow-down}, not by {@code POST /admin/config}, which refuses it as an unknown field; a new
 * {@code processing_time_ms} ends it (the handout's "back to normal" step), and so does a reset.
 */
@ConfigurationProperties("lab.consumer")
public record SlowDown(@DefaultValue("1") double slowdownFactor) implements AdminSettings {

    public static final SlowDown NONE = new SlowDown(1.0);

    @Override
    public boolean adminWritable() {
        return false;
    }
}
