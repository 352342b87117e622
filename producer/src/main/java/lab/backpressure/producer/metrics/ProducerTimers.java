package lab.backpressure.producer.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import lab.backpressure.producer.item.ItemPriority;
import org.springframework.stereotype.Component;

/**
 * {@code producer_queue_wait_seconds} and {@code producer_good_item_latency_seconds}, with buckets so Prometheus can
 * compute quantiles, each split by the item's {@code priority} ({@code critical}, {@code sheddable}; the tag of
 * {@code consumer_end_to_end_latency_seconds}), so a query summed by {@code le} still reads the whole; and the same
 * kind of histogram for the waits that queue modes record of their own.
 */
@Component
public final class ProducerTimers {

    /**
     * Top of the bucket range. An unbounded queue at the handout's 10/s in and 2/s out keeps items waiting
     * for many minutes, far beyond the default 30 s range, which would lump all of them into +Inf.
     */
    private static final Duration LONGEST_EXPECTED_WAIT = Duration.ofHours(1);

    private static final String PRIORITY = "priority";

    private final Map<ItemPriority, Timer> queueWait = new EnumMap<>(ItemPriority.class);
    private final Map<ItemPriority, Timer> goodItemLatency = new EnumMap<>(ItemPriority.class);

    public ProducerTimers(MeterRegistry registry) {
        for (ItemPriority priority : ItemPriority.values()) {
            Tags tags = Tags.of(PRIORITY, priority.value());
            queueWait.put(priority, histogram("producer.queue.wait",
                    "Time an item spent queued, from admission until taken for delivery (per attempt)", tags, registry));
            // the latency that counts for a client with a deadline: a late answer is wasted work, so it is left out
            goodItemLatency.put(priority, histogram("producer.good.item.latency",
                    "Time from an item's creation until the consumer's answer, for good items only: those answered by "
                            + "their client deadline (every delivered item when they carry none)", tags, registry));
        }
    }

    /** A timer with a percentile histogram over the lab's range of waits, from milliseconds to an hour. */
    public static Timer histogram(String name, String description, MeterRegistry registry) {
        return histogram(name, description, Tags.empty(), registry);
    }

    private static Timer histogram(String name, String description, Tags tags, MeterRegistry registry) {
        return Timer.builder(name)
                .description(description)
                .tags(tags)
                .publishPercentileHistogram()
                .maximumExpectedValue(LONGEST_EXPECTED_WAIT)
                .register(registry);
    }

    public void recordQueueWait(Duration wait, ItemPriority priority) {
        queueWait.get(priority).record(wait);
    }

    public void recordGoodItemLatency(Duration latency, ItemPriority priority) {
        goodItemLatency.get(priority).record(latency);
    }
}
