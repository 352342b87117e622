package lab.backpressure.producer.mode;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.backpressure.producer.testing.TestSettings;
import lab.backpressure.support.problem.InvalidFieldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueModesTest {

    private final TestSettings settings = TestSettings.of(new QueueBound(42), new RateLimitedMode.Limit(7.5));
    private final UnboundedMode unbounded = new UnboundedMode();
    private final BoundedMode bounded = new BoundedMode(settings);
    private final RateLimitedMode rateLimited = new RateLimitedMode(settings, new SimpleMeterRegistry());
    private final QueueModes modes = new QueueModes(List.of(unbounded, bounded, rateLimited));

    @Test
    void knowsEveryRegisteredModeByName() {
        assertThat(modes.names()).containsExactly("bounded", "rate_limited", "unbounded");
        assertThat(modes.named("bounded")).isSameAs(bounded);
        assertThat(modes.chosenIn(settings.set(new QueueModeChoice("rate_limited")))).isSameAs(rateLimited);
    }

    @Test
    void collectsEveryModesReasonsAndTheClearReason() {
        assertThat(modes.rejectionReasons())
                .containsExactlyInAnyOrder(RejectionReason.FULL, RateLimitedMode.RATE_LIMITED);
        assertThat(modes.dropReasons()).containsExactly(DropReason.CLEARED);
    }

    @Test
    void queueModeMustNameARegisteredModeAndTheDetailQuotesItShort() {
        String longName = "x".repeat(3_000_000);

        assertThatThrownBy(() -> modes.check(settings.set(new QueueModeChoice(longName))))
                .isInstanceOfSatisfying(InvalidFieldException.class, refused -> {
                    assertThat(refused.field()).isEqualTo("queue_mode");
                    assertThat(refused.getMessage()).hasSizeLessThan(300).contains("x".repeat(100) + "…");
                });
    }

    @Test
    void refusesUnknownAndDuplicateNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> modes.named("lifo"));
        assertThatIllegalStateException().isThrownBy(() -> new QueueModes(List.of(bounded, bounded)));
    }
}
