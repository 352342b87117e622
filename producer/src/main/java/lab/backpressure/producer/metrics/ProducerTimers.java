package lab.backpressure.producer.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import lab.backpressure.support.metrics.WaitHistogram;
import org.springframework.stereotype.Component;

/**
 * {@code producer_queue_wait_seconds} and {@code producer_good_item_latency_seconds}, with buckets so Prometheus can
 * compute quantiles ({@link WaitHistogram}, which the queue modes use for the waits they record of their own).
 */
@Component
public final class ProducerTimers {

    private final Timer queueWait;
    private final Timer goodItemLatency;

    public ProducerTimers(MeterRegistry registry) {
        queueWait = WaitHistogram.register("producer.queue.wait",
                "Time an item spent queued, from admission until taken for delivery (per attempt)", registry);
        // the latency that counts for a client with a deadline: a late answer is wasted work, so it is left out
        goodItemLatency = WaitHistogram.register("producer.good.item.latency",
                "Time from an item's creation until the consumer's answer, for good items only: those answered by "
                        + "their client deadline (every delivered item when they carry none)", registry);
    }

    public void recordQueueWait(Duration wait) {
        queueWait.record(wait);
    }

    public void recordGoodItemLatency(Duration latency) {
        goodItemLatency.record(latency);
    }
}
