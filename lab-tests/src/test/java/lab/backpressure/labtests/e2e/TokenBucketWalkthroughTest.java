package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import lab.backpressure.labtests.support.PrometheusScrape;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token bucket against the one-permit limiter, side by side on the real jars (what Exercise 24,
 * docs/exercises/24-token-bucket.md, shows): at the same rate, {@code token_bucket} lets a {@code POST /produce}
 * burst of {@code bucket_capacity} in and rejects the rest as {@code no_tokens}, where {@code rate_limited} refuses
 * almost the whole burst; after the burst both hold the generator, which asks for five times more, to the rate.
 * The consumer takes 5 ms per item, far more than the rate, so the queue never holds anything back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TokenBucketWalkthroughTest {

    private static final int PROCESSING_TIME_MS = 5;
    private static final int RATE = 20;
    private static final int PRODUCTION_RATE = 5 * RATE;
    private static final int BUCKET_CAPACITY = 50;
    private static final int BURST = 200;
    private static final Duration WATCH = Duration.ofSeconds(6);
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    @AutoClose
    private RunningLab lab;

    @BeforeAll
    void startTheLab() {
        lab = RunningLab.start(PROCESSING_TIME_MS, PRODUCTION_RATE);
    }

    @Test
    void aTokenBucketAdmitsABurstOfItsCapacityThenItsRefillRateWhereRateLimitedRefusesTheBurst() {
        lab.configureProducer("""
                {"producing": false, "queue_mode": "token_bucket", "bucket_capacity": %d, "refill_per_second": %d}"""
                .formatted(BUCKET_CAPACITY, RATE));
        Burst intoTheBucket = burst("no_tokens");
        assertThat(intoTheBucket.accepted()).as("a full bucket's tokens, and what it gained in %s", intoTheBucket)
                .isBetween((long) BUCKET_CAPACITY, BUCKET_CAPACITY + intoTheBucket.refilled());
        assertThat(generatorRate()).as("items/s the generator gets from the bucket, asking for %d", PRODUCTION_RATE)
                .isBetween(0.7 * RATE, 1.3 * RATE);

        lab.configureProducer("""
                {"producing": false, "queue_mode": "rate_limited", "rate_limit": %d}""".formatted(RATE));
        Burst intoTheLimiter = burst("rate_limited");
        assertThat(intoTheLimiter.accepted()).as("rate_limited's one stored permit, and what it gained in %s",
                intoTheLimiter).isBetween(0L, 1 + intoTheLimiter.refilled());
        assertThat(generatorRate()).as("items/s the generator gets from rate_limited, asking for %d", PRODUCTION_RATE)
                .isBetween(0.7 * RATE, 1.3 * RATE);
    }

    /**
     * What a burst got in, and how long its request took: permits go on coming at {@link #RATE} while the burst is
     * taken in, which on a busy machine is a noticeable time.
     */
    private record Burst(long accepted, double seconds) {

        /** The most permits that can have come during the request, one more for a permit part-grown before it. */
        long refilled() {
            return (long) Math.ceil(RATE * seconds) + 1;
        }
    }

    /** Sends a burst of {@link #BURST} and checks that all it did not accept was rejected under {@code reason}. */
    private Burst burst(String reason) {
        double rejectedBefore = rejected(reason);
        long start = System.nanoTime();
        JsonNode burst = HandoutCurl.post(lab.producer().baseUrl() + "/produce", """
                {"count": %d}""".formatted(BURST));
        double seconds = (System.nanoTime() - start) / NANOS_PER_SECOND;
        long accepted = burst.required("accepted").longValue();
        assertThat(burst.required("rejected").longValue()).as("the rest of the burst in %s", burst)
                .isEqualTo(BURST - accepted);
        assertThat(rejected(reason) - rejectedBefore).as("rejected{reason=%s}", reason).isEqualTo(BURST - accepted);
        lab.status().assertIdentities();
        return new Burst(accepted, seconds);
    }

    /** Turns the generator on, watches it (every reading's books checked) and answers the items/s it produced. */
    private double generatorRate() {
        long producedBefore = lab.status().produced();
        long start = System.nanoTime();
        lab.configureProducer("""
                {"producing": true}""");
        lab.watch(Duration.ZERO, WATCH, (producer, consumer) -> { });
        long produced = lab.status().produced() - producedBefore;
        return produced * NANOS_PER_SECOND / (System.nanoTime() - start);
    }

    private double rejected(String reason) {
        return PrometheusScrape.of(lab.producer())
                .find("producer_items_rejected_total", "reason=\"%s\"".formatted(reason)).orElse(0);
    }
}
