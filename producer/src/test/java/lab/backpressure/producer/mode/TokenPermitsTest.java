package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenPermitsTest {

    private static final TokenPermits.Shape TWENTY_AT_TEN_PER_SECOND = new TokenPermits.Shape(20, 10);

    private final FakeTime time = new FakeTime();
    private final TokenPermits permits = new TokenPermits(time);

    @Test
    void aFullBucketLetsABurstOfItsCapacityThroughAndNoMore() {
        assertThat(takeAll(TWENTY_AT_TEN_PER_SECOND)).isEqualTo(20);
        assertThat(permits.available(TWENTY_AT_TEN_PER_SECOND)).isZero();
    }

    @Test
    void anEmptyBucketRefillsAtItsRateUpToItsCapacity() {
        takeAll(TWENTY_AT_TEN_PER_SECOND);

        time.advance(Duration.ofMillis(350));
        assertThat(permits.available(TWENTY_AT_TEN_PER_SECOND)).as("3.5 tokens gained, 3 whole").isEqualTo(3);
        assertThat(takeAll(TWENTY_AT_TEN_PER_SECOND)).isEqualTo(3);

        time.advance(Duration.ofMillis(50));
        assertThat(permits.tryAcquire(TWENTY_AT_TEN_PER_SECOND)).as("the half token left and 50 ms make one").isTrue();

        time.advance(Duration.ofMinutes(1));
        assertThat(permits.available(TWENTY_AT_TEN_PER_SECOND)).as("600 tokens' worth, held to the capacity")
                .isEqualTo(20);
    }

    @Test
    void aNewShapeKeepsTheTokensHeldUpToTheNewCapacity() {
        permits.tryAcquire(TWENTY_AT_TEN_PER_SECOND);
        assertThat(permits.available(new TokenPermits.Shape(100, 10))).as("a bigger bucket is not filled").isEqualTo(19);
        assertThat(permits.available(new TokenPermits.Shape(5, 10))).as("a smaller one holds its capacity").isEqualTo(5);

        takeAll(new TokenPermits.Shape(5, 10));
        time.advance(Duration.ofMillis(100));
        assertThat(permits.available(new TokenPermits.Shape(5, 40))).as("a faster refill from the change on")
                .isEqualTo(1);
        time.advance(Duration.ofMillis(100));
        assertThat(permits.available(new TokenPermits.Shape(5, 40))).isEqualTo(5);
    }

    @Test
    void refillFillsTheBucket() {
        takeAll(TWENTY_AT_TEN_PER_SECOND);

        permits.refill();

        assertThat(permits.available(TWENTY_AT_TEN_PER_SECOND)).isEqualTo(20);
    }

    private long takeAll(TokenPermits.Shape shape) {
        long taken = 0;
        while (permits.tryAcquire(shape)) {
            taken++;
        }
        return taken;
    }

    /** Bucket4j's clock, moved only by the test. */
    private static final class FakeTime implements TimeMeter {

        private final AtomicLong nanos = new AtomicLong();

        void advance(Duration by) {
            nanos.addAndGet(by.toNanos());
        }

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}
