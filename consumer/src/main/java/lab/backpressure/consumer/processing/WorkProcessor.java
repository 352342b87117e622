package lab.backpressure.consumer.processing;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Service;

/**
 * Processes one request at a time per slot. The work is simulated by sleeping: first the request
 * overhead, then the item's processing time; requests beyond the free slots wait for one.
 */
@Service
public class WorkProcessor {

    private final ProcessingSettings settings;
    private final ProcessingSlots slots;
    private final ProcessingLoad load;
    private final ProcessingMetrics metrics;
    private final ProcessingTracing tracing;

    WorkProcessor(ProcessingSettings settings, ProcessingSlots slots, ProcessingLoad load,
            ProcessingMetrics metrics, ProcessingTracing tracing) {
        this.settings = settings;
        this.slots = slots;
        this.load = load;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    public ProcessedItem process(WorkItem item) throws InterruptedException {
        waitForSlot();
        load.processingStarted();
        try {
            // read once a slot is free, so a slow-down also applies to items that were already waiting
            ProcessingConfig config = settings.current();
            // the overhead is the request's, not the item's: it stays outside the item's span and timer
            Thread.sleep(Duration.ofMillis(config.requestOverheadMs()));
            long processingTimeMs = config.drawProcessingTimeMs(ThreadLocalRandom.current());
            long started = System.nanoTime();
            tracing.traceProcessing(item, processingTimeMs, config.slowdownFactor(),
                    () -> Thread.sleep(Duration.ofMillis(processingTimeMs)));
            metrics.recordProcessed(Duration.ofNanos(System.nanoTime() - started), endToEndLatency(item));
            load.itemProcessed();
            return new ProcessedItem(item.id(), processingTimeMs);
        } finally {
            load.processingEnded();
            slots.release();
        }
    }

    private void waitForSlot() throws InterruptedException {
        load.waitingStarted();
        try {
            slots.acquire();
        } finally {
            load.waitingEnded();
        }
    }

    /** created_at is the producer's wall-clock time, so only the wall clock can measure from it. */
    private static Duration endToEndLatency(WorkItem item) {
        return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - item.createdAt()));
    }
}
