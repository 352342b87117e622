package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breaker's own opening rule on a clock the test moves: a window in which calls failed and the consumer
 * answered none. Under the consumer's {@code timeout} mode every call is held to the producer's 30 s request
 * timeout, so two delivery slots make two calls in 30 s, far short of a rate's minimum calls; the rule opens the
 * breaker at the first of those timeouts, within the attempt timeout plus 15 s.
 */
class SilentWindowTest {

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SilentWindow silence = new SilentWindow(nanos::get);

    @Test
    void requestsHeldToTheRequestTimeoutMakeASilentWindowAtTheFirstTimeout() {
        silence.silentFor(WINDOW, false, now());
        long held = now();
        long secondSlot = later(Duration.ofMillis(20));

        later(REQUEST_TIMEOUT.minusMillis(20));

        assertThat(silence.silentFor(WINDOW, true, held)).as("the first timeout, 30 s after the last answer").isTrue();
        assertThat(silence.unansweredMs()).isEqualTo(REQUEST_TIMEOUT.toMillis());
        assertThat(silence.silentFor(WINDOW, true, secondSlot)).isTrue();
    }

    @Test
    void theSilenceCountsFromTheStartOfTheFirstCallThatFailedSinceTheLastAnswer() {
        silence.silentFor(WINDOW, false, now());
        long firstFailed = later(Duration.ofMillis(500));
        later(Duration.ofSeconds(9));

        assertThat(silence.silentFor(WINDOW, true, firstFailed)).isFalse();
        later(Duration.ofMillis(999));
        assertThat(silence.silentFor(WINDOW, true, now())).isFalse();
        later(Duration.ofMillis(1));
        assertThat(silence.silentFor(WINDOW, true, now())).as("10 s since the first failed call went out").isTrue();
    }

    @Test
    void anAnswerEndsTheSilenceAndAQuietSpellIsNone() {
        long failedAt = now();
        later(Duration.ofSeconds(5));
        silence.silentFor(WINDOW, true, failedAt);
        silence.silentFor(WINDOW, false, now());
        assertThat(silence.unansweredMs()).isZero();

        long afterAQuietMinute = later(Duration.ofMinutes(1));

        assertThat(silence.silentFor(WINDOW, true, afterAQuietMinute)).as("one quick failure after no calls at all")
                .isFalse();
        later(WINDOW);
        assertThat(silence.silentFor(WINDOW, true, afterAQuietMinute)).isTrue();

        silence.restart();
        assertThat(silence.silentFor(WINDOW, true, afterAQuietMinute)).as("a new breaker counts from its start")
                .isFalse();
    }

    private long now() {
        return nanos.get();
    }

    private long later(Duration by) {
        return nanos.addAndGet(by.toNanos());
    }
}
