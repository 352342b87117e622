package lab.backpressure.producer.queue;

import java.util.List;

import lab.backpressure.producer.config.ProducerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class QueueModesTest {

    private final QueueModes modes = new QueueModes(List.of(
            new UnboundedMode.Factory(), new BoundedMode.Factory(), new RateLimitedMode.Factory()));

    @Test
    void knowsEveryRegisteredModeByName() {
        assertThat(modes.names()).containsExactly("bounded", "rate_limited", "unbounded");
    }

    @Test
    void buildsTheModeTheConfigNames() {
        assertThat(modes.create(config("unbounded"))).isInstanceOf(UnboundedMode.class);
        assertThat(modes.create(config("bounded")).capacity()).hasValue(42);
        assertThat(modes.create(config("rate_limited")).rateLimit()).hasValue(7.5);
    }

    @Test
    void refusesUnknownAndDuplicateNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> modes.create(config("drop_oldest")));
        assertThatIllegalStateException().isThrownBy(
                () -> new QueueModes(List.of(new BoundedMode.Factory(), new BoundedMode.Factory())));
    }

    private static ProducerConfig config(String mode) {
        return new ProducerConfig(10, mode, 42, 7.5, 16, true);
    }
}
