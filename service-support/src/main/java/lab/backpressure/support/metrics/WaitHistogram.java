package lab.backpressure.support.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * A timer with a percentile histogram over the lab's range of waits, from milliseconds to an hour, so Prometheus can
 * compute quantiles. Shared, so the producer's queue modes record their own waits without depending on the package
 * that meters the queue (which depends on the modes).
 */
public final class WaitHistogram {

    /**
     * Top of the bucket range. An unbounded queue at the handout's 10/s in and 2/s out keeps items waiting
     * for many minutes, far beyond the default 30 s range, which would lump all of them into +Inf.
     */
    private static final Duration LONGEST_EXPECTED_WAIT = Duration.ofHours(1);

    private WaitHistogram() {
    }

    public static Timer register(String name, String description, MeterRegistry registry) {
        return register(name, description, Tags.empty(), registry);
    }

    /** One series of a histogram split by {@code tags}, e.g. the item's priority. */
    public static Timer register(String name, String description, Tags tags, MeterRegistry registry) {
        return Timer.builder(name)
                .description(description)
                .tags(tags)
                .publishPercentileHistogram()
                .maximumExpectedValue(LONGEST_EXPECTED_WAIT)
                .register(registry);
    }
}
