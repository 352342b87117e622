package lab.backpressure.producer.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The producer's two waits, as histograms with buckets so Prometheus can compute quantiles:
 * {@code producer_queue_wait_seconds} and {@code producer_rate_limit_wait_seconds}.
 */
@Component
public final class ProducerTimers {

    /**
     * Top of the bucket range. An unbounded queue at the handout's 10/s in and 2/s out keeps items waiting
     * for many minutes, far beyond the default 30 s range, which would lump all of them into +Inf.
     */
    private static final Duration LONGEST_EXPECTED_WAIT = Duration.ofHours(1);

    private final Timer queueWait;
    private final Timer rateLimitWait;

    public ProducerTimers(MeterRegistry registry) {
        queueWait = histogram("producer.queue.wait",
                "Time an item spent queued, from admission until taken for delivery (per attempt)", registry);
        rateLimitWait = histogram("producer.rate.limit.wait",
                "Time the generator was held back for each rate-limited permit (0 when one was free)", registry);
    }

    private static Timer histogram(String name, String description, MeterRegistry registry) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .maximumExpectedValue(LONGEST_EXPECTED_WAIT)
                .register(registry);
    }

    public void recordQueueWait(Duration wait) {
        queueWait.record(wait);
    }

    public void recordRateLimitWait(Duration wait) {
        rateLimitWait.record(wait);
    }
}
