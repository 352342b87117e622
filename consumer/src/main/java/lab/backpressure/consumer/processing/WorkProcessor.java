package lab.backpressure.consumer.processing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import org.springframework.context.event.EventListener;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Processes one request at a time per slot, whether it carries one item or a batch. The work is
 * simulated by sleeping: first the request overhead, then each item's processing time in turn;
 * requests beyond the free slots wait for one. Items chosen by failure injection fail instead. With
 * {@code drop_expired} on, an item whose deadline has passed when its turn in the slot comes is answered expired at
 * once, without its processing time (nor, for a single item, the request overhead). Each
 * request arrives with its {@link Admission} to the waiting room and gives its place back once its slot
 * is released, or as soon as it will never need one.
 */
@Service
public class WorkProcessor {

    private final Settings settings;
    private final ProcessingSlots slots;
    private final ProcessingLoad load;
    private final ProcessingMetrics metrics;
    private final ProcessingTracing tracing;
    private final FailureSchedule failureSchedule;
    private final RejectionCost rejectionCost;
    /** The wall clock the producer set the items' created_at and deadlines by. */
    private final Clock clock;
    /** Seeded with processing_seed; java.util.Random, because every slot draws from it. */
    private volatile RandomGenerator draws;
    private final InjectedHolds holds = new InjectedHolds();

    WorkProcessor(Settings settings, ProcessingSlots slots, ProcessingLoad load,
            ProcessingMetrics metrics, ProcessingTracing tracing, FailureSchedule failureSchedule,
            RejectionCost rejectionCost, Clock clock) {
        this.settings = settings;
        this.slots = slots;
        this.load = load;
        this.metrics = metrics;
        this.tracing = tracing;
        this.failureSchedule = failureSchedule;
        this.rejectionCost = rejectionCost;
        this.clock = clock;
        this.draws = seeded();
    }

    /**
     * Any change to the processing settings starts the draws again from processing_seed, so a seed replays them; any
     * change to the failure injection ends the timeout holds in progress.
     */
    @EventListener
    void settingsChanged(SettingsChanged change) {
        if (change.changed(Processing.class)) {
            draws = seeded();
        }
        if (change.changed(FailureInjection.class)) {
            holds.endAll();
        }
    }

    private RandomGenerator seeded() {
        return new Random(settings.get(Processing.class).processingSeed());
    }

    /**
     * One item.
     *
     * @throws InjectedFailureException when failure injection chose the item
     * @throws ItemExpiredException when the item reached its slot past its deadline and drop_expired is on
     */
    public ProcessedItem process(WorkItem item, Admission admission) throws InterruptedException {
        load.requestArrived(1);
        FailureInjection injection = settings.get(FailureInjection.class);
        @Nullable FailureMode failure = failureSchedule.next(injection);
        if (failure == FailureMode.TIMEOUT || failure == FailureMode.RESET) {
            admission.leave();
            throw failWithoutProcessing(item, failure, injection.failureTimeoutMs());
        }
        ItemResult result = inSlot(admission, now -> {
            if (expiresNow(item, now)) {
                throw new ItemExpiredException(item.id(), item.deadlineAt(), clock.millis());
            }
            // the overhead is the request's, not the item's: it stays outside the item's span and timer
            sleep(now.get(Processing.class).requestOverheadMs());
            return processItem(item, now, admission.priority(), failure);
        });
        if (failure != null) {
            throw new InjectedFailureException(failure, "item %d failed on purpose after %d ms (failure_mode %s)"
                    .formatted(item.id(), result.processingTimeMs(), failure));
        }
        return new ProcessedItem(result.id(), result.processingTimeMs());
    }

    /**
     * All items of a batch in one slot: the overhead once, then one item after the other. An item chosen by
     * failure injection is a {@code failed} result: a batch answers for each item, whatever the mode.
     */
    public BatchResults process(WorkBatch batch, Admission admission) throws InterruptedException {
        load.requestArrived(batch.size());
        metrics.recordBatchSize(batch.size());
        FailureInjection injection = settings.get(FailureInjection.class);
        List<@Nullable FailureMode> failures = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            failures.add(failureSchedule.next(injection));
        }
        return inSlot(admission, now -> {
            long overheadMs = now.get(Processing.class).requestOverheadMs();
            return tracing.traceBatch(batch.size(), overheadMs, () -> {
                sleep(overheadMs);
                List<ItemResult> results = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    WorkItem item = batch.items().get(i);
                    results.add(expiresNow(item, now)
                            ? ItemResult.expired(item.id())
                            : processItem(item, now, admission.priority(), failures.get(i)));
                }
                return new BatchResults(results);
            });
        });
    }

    /**
     * Timeout and reset never take a slot: the request is held (or dropped) without being processed, so only
     * the chosen items fail and the others keep their pace. Counted as the failure begins: whatever happens
     * next, the caller gets no answer in time.
     */
    private InjectedFailureException failWithoutProcessing(WorkItem item, FailureMode failure, long timeoutMs)
            throws InterruptedException {
        load.itemFailed(failure);
        long heldMs = failure == FailureMode.TIMEOUT ? timeoutMs : 0;
        long start = System.nanoTime();
        tracing.traceItem(item, heldMs, settings.get(SlowDown.class).slowdownFactor(), failure,
                () -> holds.hold(heldMs));
        // a change to the failure injection may have ended the hold early
        return new InjectedFailureException(failure, "item %d failed on purpose (failure_mode %s, held %d ms)"
                .formatted(item.id(), failure, Duration.ofNanos(System.nanoTime() - start).toMillis()));
    }

    /**
     * Runs {@code work} in a processing slot with the settings read once the slot is free, so a slow-down
     * also applies to requests that were already waiting.
     */
    private <T> T inSlot(Admission admission, SlotWork<T> work) throws InterruptedException {
        try {
            waitForSlot();
            try {
                // the slot pays for the requests turned away since a slot was last taken, then does its own work
                sleep(rejectionCost.takeOwed());
                load.processingStarted();
                try {
                    return work.run(settings.now());
                } finally {
                    load.processingEnded();
                }
            } finally {
                slots.release();
            }
        } finally {
            admission.leave();
        }
    }

    /**
     * Whether {@code item} is to be answered expired now, at its turn in the slot: drop_expired is on and its
     * deadline has passed. Counted here, so no expired item goes uncounted.
     */
    private boolean expiresNow(WorkItem item, Settings now) {
        if (!now.get(Shedding.class).dropsExpired() || !item.pastDeadlineAt(clock.millis())) {
            return false;
        }
        load.itemExpired();
        return true;
    }

    /**
     * Processes an item in its slot, or fails it when {@code failure} is set: with {@code error} after its
     * processing time, with the other modes (only in a batch) at once.
     */
    private ItemResult processItem(WorkItem item, Settings now, Priority priority, @Nullable FailureMode failure)
            throws InterruptedException {
        boolean spendsItsTime = failure == null || failure == FailureMode.ERROR;
        double slowdownFactor = now.get(SlowDown.class).slowdownFactor();
        long ms = spendsItsTime
                ? now.get(Processing.class).drawProcessingTimeMs(draws, slowdownFactor) : 0;
        boolean lateAtStart = item.pastDeadlineAt(clock.millis());
        long started = System.nanoTime();
        tracing.traceItem(item, ms, slowdownFactor, failure, () -> sleep(ms));
        if (failure != null) {
            load.itemFailed(failure);
            return ItemResult.failed(item.id(), failure, ms);
        }
        long nanos = System.nanoTime() - started;
        metrics.recordProcessed(Duration.ofNanos(nanos), endToEndLatency(item), priority);
        // judged as the item is done, on the wall clock its deadline was set by: a late one was wasted work, begun
        // past its deadline (drop_expired off) or run past it
        Optional<DeadlinePassed> passed = !item.pastDeadlineAt(clock.millis()) ? Optional.empty()
                : Optional.of(lateAtStart ? DeadlinePassed.BEFORE_START : DeadlinePassed.WHILE_PROCESSING);
        load.itemProcessed(passed, nanos);
        return ItemResult.processed(item.id(), ms);
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
    private Duration endToEndLatency(WorkItem item) {
        return Duration.ofMillis(Math.max(0, clock.millis() - item.createdAt()));
    }

    @FunctionalInterface
    private interface SlotWork<T> {
        T run(Settings now) throws InterruptedException;
    }
}
