package lab.backpressure.consumer.processing;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * How many requests wait for a slot and hold one, how many items have been processed (good or late), have
 * expired unprocessed ({@code drop_expired}) and have failed (by failure mode) since start, and how many items
 * the last request carried (1 for {@code /process}, n for a batch of n). Processed is not counted on its own but is good + late, so that identity always holds.
 */
@Component
public class ProcessingLoad {

    private static final int SINGLE_ITEM = 1;

    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong good = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    /** Nanoseconds spent processing late items, by when their deadline passed: wasted work, in time. */
    private final Map<DeadlinePassed, AtomicLong> lateNanos = new EnumMap<>(DeadlinePassed.class);
    private final Map<FailureMode, AtomicLong> failed = new EnumMap<>(FailureMode.class);
    private final AtomicInteger lastBatchSize = new AtomicInteger(SINGLE_ITEM);

    public int waiting() {
        return waiting.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public ProcessingLoad() {
        for (FailureMode mode : FailureMode.values()) {
            failed.put(mode, new AtomicLong());
        }
        for (DeadlinePassed when : DeadlinePassed.values()) {
            lateNanos.put(when, new AtomicLong());
        }
    }

    public long processed() {
        return good() + late();
    }

    /** Items processed by their deadline, or without one. */
    public long good() {
        return good.get();
    }

    /** Items processed after their deadline: work nobody waited for any more. */
    public long late() {
        return late.get();
    }

    /** Items answered {@code expired} without processing: their deadline had passed when they reached a slot. */
    public long expired() {
        return expired.get();
    }

    /**
     * Seconds spent processing items answered after their deadline, whose deadline passed {@code when}: before
     * the work began (what {@code drop_expired} saves) or while it went on (what only the order of the queue ahead
     * can save: the item began too close to its deadline).
     */
    double lateSeconds(DeadlinePassed when) {
        return lateNanos.get(when).get() / 1e9;
    }

    public long failed(FailureMode mode) {
        return failed.get(mode).get();
    }

    public long failed() {
        return failed.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public int lastBatchSize() {
        return lastBatchSize.get();
    }

    void requestArrived(int items) {
        lastBatchSize.set(items);
    }

    void waitingStarted() {
        waiting.incrementAndGet();
    }

    void waitingEnded() {
        waiting.decrementAndGet();
    }

    void processingStarted() {
        inFlight.incrementAndGet();
    }

    /** {@code passed} is empty for an item answered in time; {@code nanos} the time its processing took. */
    void itemProcessed(Optional<DeadlinePassed> passed, long nanos) {
        passed.ifPresentOrElse(when -> {
            lateNanos.get(when).addAndGet(nanos);
            late.incrementAndGet();
        }, good::incrementAndGet);
    }

    void itemExpired() {
        expired.incrementAndGet();
    }

    void itemFailed(FailureMode mode) {
        failed.get(mode).incrementAndGet();
    }

    void processingEnded() {
        inFlight.decrementAndGet();
    }
}
