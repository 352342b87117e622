package lab.backpressure.producer.mode;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RatePermitsTest {

    /** One permit per 100 s: within a test, only the first permit at this rate is ever available. */
    private static final double ONE_PER_HUNDRED_SECONDS = 0.01;
    private static final double TWENTY_PER_SECOND = 20;

    private final RatePermits permits = new RatePermits();

    @Test
    void theFirstPermitIsFreeAndNoSecondOneIsStored() {
        assertThat(permits.tryAcquire(ONE_PER_HUNDRED_SECONDS)).isTrue();
        assertThat(permits.tryAcquire(ONE_PER_HUNDRED_SECONDS)).isFalse();
    }

    @Test
    void aNewRateRightAfterAPermitWaitsOneNewPeriodInsteadOfHandingOutAnother() throws InterruptedException {
        assertThat(permits.tryAcquire(ONE_PER_HUNDRED_SECONDS)).isTrue();

        assertThat(permits.tryAcquire(TWENTY_PER_SECOND)).as("the new limiter's stored permit is spent").isFalse();
        Duration waited = permits.await(() -> TWENTY_PER_SECOND);

        // one period at 20/s is 50 ms; a permit handed out at once would have waited 0
        assertThat(waited).isBetween(Duration.ofMillis(30), Duration.ofMillis(500));
    }
}
