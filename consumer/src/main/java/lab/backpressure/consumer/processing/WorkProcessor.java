package lab.backpressure.consumer.processing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Service;

/**
 * Processes one request at a time per slot, whether it carries one item or a batch. The work is
 * simulated by sleeping: first the request overhead, then each item's processing time in turn;
 * requests beyond the free slots wait for one.
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
        load.requestArrived(1);
        ItemResult result = inSlot(config -> {
            // the overhead is the request's, not the item's: it stays outside the item's span and timer
            sleep(config.requestOverheadMs());
            return processItem(item, config);
        });
        return new ProcessedItem(result.id(), result.processingTimeMs());
    }

    /** All items of a batch in one slot: the overhead once, then one item after the other. */
    public BatchResults process(WorkBatch batch) throws InterruptedException {
        load.requestArrived(batch.size());
        metrics.recordBatchSize(batch.size());
        return inSlot(config -> tracing.traceBatch(batch.size(), config.requestOverheadMs(), () -> {
            sleep(config.requestOverheadMs());
            List<ItemResult> results = new ArrayList<>(batch.size());
            for (WorkItem item : batch.items()) {
                results.add(processItem(item, config));
            }
            return new BatchResults(results);
        }));
    }

    /**
     * Runs {@code work} in a processing slot with the config read once the slot is free, so a slow-down
     * also applies to requests that were already waiting.
     */
    private <T> T inSlot(SlotWork<T> work) throws InterruptedException {
        waitForSlot();
        load.processingStarted();
        try {
            return work.run(settings.current());
        } finally {
            load.processingEnded();
            slots.release();
        }
    }

    private ItemResult processItem(WorkItem item, ProcessingConfig config) throws InterruptedException {
        long processingTimeMs = config.drawProcessingTimeMs(ThreadLocalRandom.current());
        long started = System.nanoTime();
        tracing.traceItem(item, processingTimeMs, config.slowdownFactor(), () -> sleep(processingTimeMs));
        metrics.recordProcessed(Duration.ofNanos(System.nanoTime() - started), endToEndLatency(item));
        load.itemProcessed();
        return ItemResult.processed(item.id(), processingTimeMs);
    }

    private void waitForSlot() throws InterruptedException {
        load.waitingStarted();
        try {
            slots.acquire();
        } finally {
            load.waitingEnded();
        }
    }

    private static void sleep(long ms) throws InterruptedException {
        Thread.sleep(Duration.ofMillis(ms));
    }

    /** created_at is the producer's wall-clock time, so only the wall clock can measure from it. */
    private static Duration endToEndLatency(WorkItem item) {
        return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - item.createdAt()));
    }

    @FunctionalInterface
    private interface SlotWork<T> {
        T run(ProcessingConfig config) throws InterruptedException;
    }
}
