package lab.backpressure.producer.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.support.metrics.WaitHistogram;
import org.springframework.stereotype.Component;

/**
 * {@code producer_queue_wait_seconds} and {@code producer_good_item_latency_seconds}, with buckets so Prometheus can
 * compute quantiles ({@link WaitHistogram}, which the queue modes use for the waits they record of their own), each
 * split by the item's {@code priority} ({@code critical}, {@code sheddable}; the tag of
 * {@code consumer_end_to_end_latency_seconds}), so a query summed by {@code le} still reads the whole.
 */
@Component
public final class ProducerTimers {

    private static final String PRIORITY = "priority";

    private final Map<ItemPriority, Timer> queueWait = new EnumMap<>(ItemPriority.class);
    private final Map<ItemPriority, Timer> goodItemLatency = new EnumMap<>(ItemPriority.class);

    public ProducerTimers(MeterRegistry registry) {
        for (ItemPriority priority : ItemPriority.values()) {
            Tags tags = Tags.of(PRIORITY, priority.value());
            queueWait.put(priority, WaitHistogram.register("producer.queue.wait",
                    "Time an item spent queued, from admission until taken for delivery (per attempt)", tags, registry));
            // the latency that counts for a client with a deadline: a late answer is wasted work, so it is left out
            goodItemLatency.put(priority, WaitHistogram.register("producer.good.item.latency",
                    "Time from an item's creation until the consumer's answer, for good items only: those answered by "
                            + "their client deadline (every delivered item when they carry none)", tags, registry));
        }
    }

    public void recordQueueWait(Duration wait, ItemPriority priority) {
        queueWait.get(priority).record(wait);
    }

    public void recordGoodItemLatency(Duration latency, ItemPriority priority) {
        goodItemLatency.get(priority).record(latency);
    }
}
