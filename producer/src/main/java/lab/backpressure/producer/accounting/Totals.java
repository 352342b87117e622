package lab.backpressure.producer.accounting;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import lab.backpressure.producer.queue.DropReason;
import lab.backpressure.producer.queue.RejectionReason;

/**
 * The ledger's running counts. Only the ledger changes them, under its lock; atomics let the metrics read
 * any single count without that lock (a consistent set of counts comes from {@link ItemLedger#snapshot()}).
 */
public final class Totals {

    final AtomicLong produced = new AtomicLong();
    final AtomicLong enqueued = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    private final Map<RejectionReason, AtomicLong> rejected = counters(RejectionReason.class);
    private final Map<DropReason, AtomicLong> dropped = counters(DropReason.class);

    private static <K extends Enum<K>> Map<K, AtomicLong> counters(Class<K> reasons) {
        Map<K, AtomicLong> counters = new EnumMap<>(reasons);
        for (K reason : reasons.getEnumConstants()) {
            counters.put(reason, new AtomicLong());
        }
        return counters;
    }

    AtomicLong rejectedFor(RejectionReason reason) {
        return rejected.get(reason);
    }

    AtomicLong droppedFor(DropReason reason) {
        return dropped.get(reason);
    }

    public long produced() {
        return produced.get();
    }

    public long enqueued() {
        return enqueued.get();
    }

    public long rejected(RejectionReason reason) {
        return rejected.get(reason).get();
    }

    public long rejected() {
        return sum(rejected);
    }

    public long dropped(DropReason reason) {
        return dropped.get(reason).get();
    }

    public long dropped() {
        return sum(dropped);
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public long inFlight() {
        return inFlight.get();
    }

    public long failedAttempts() {
        return failedAttempts.get();
    }

    private static long sum(Map<?, AtomicLong> counters) {
        return counters.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
