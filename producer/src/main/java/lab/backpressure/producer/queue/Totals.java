package lab.backpressure.producer.queue;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import lab.backpressure.producer.mode.DropReason;
import lab.backpressure.producer.mode.RejectionReason;

/**
 * The ledger's running counts. Only the ledger changes them, under its lock; atomics let the metrics read
 * any single count without that lock (a consistent set of counts comes from {@link ItemLedger#snapshot()}).
 * There is one counter per reason the modes declared, and per reason the ledger drops with itself, fixed at startup.
 */
public final class Totals {

    final AtomicLong produced = new AtomicLong();
    final AtomicLong enqueued = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    /** Sent items answered by their client deadline: a part of sent, never a term of the identities. */
    final AtomicLong good = new AtomicLong();
    private final Map<AttemptOutcome, AtomicLong> attempts = new EnumMap<>(AttemptOutcome.class);
    private final Map<RejectionReason, AtomicLong> rejected;
    private final Map<DropReason, AtomicLong> dropped;

    public Totals(Set<RejectionReason> rejectionReasons, Set<DropReason> dropReasons) {
        this.rejected = counters(rejectionReasons);
        this.dropped = counters(Stream.concat(dropReasons.stream(),
                Stream.of(ItemLedger.CLIENT_DEADLINE, ItemLedger.EXPIRED_AT_CONSUMER, ItemLedger.ATTEMPTS_EXHAUSTED,
                        ItemLedger.CLIENT_THROTTLED)).collect(Collectors.toSet()));
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            attempts.put(outcome, new AtomicLong());
        }
    }

    AtomicLong attemptsFor(AttemptOutcome outcome) {
        return attempts.get(outcome);
    }

    /** Delivery attempts of items that ended with {@code outcome}. */
    public long attempts(AttemptOutcome outcome) {
        return attempts.get(outcome).get();
    }

    /** Delivery attempts of items, whatever their outcome: a batch of n is n attempts. */
    public long attempts() {
        return sum(attempts);
    }

    private static <K> Map<K, AtomicLong> counters(Set<K> reasons) {
        return reasons.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), _ -> new AtomicLong()));
    }

    AtomicLong rejectedFor(RejectionReason reason) {
        return counter(rejected, reason);
    }

    AtomicLong droppedFor(DropReason reason) {
        return counter(dropped, reason);
    }

    private static <K> AtomicLong counter(Map<K, AtomicLong> counters, K reason) {
        AtomicLong counter = counters.get(reason);
        if (counter == null) {
            throw new IllegalStateException(reason + " was not declared by any queue mode");
        }
        return counter;
    }

    public Set<RejectionReason> rejectionReasons() {
        return rejected.keySet();
    }

    public Set<DropReason> dropReasons() {
        return dropped.keySet();
    }

    public long produced() {
        return produced.get();
    }

    public long enqueued() {
        return enqueued.get();
    }

    public long rejected(RejectionReason reason) {
        return counter(rejected, reason).get();
    }

    public long rejected() {
        return sum(rejected);
    }

    public long dropped(DropReason reason) {
        return counter(dropped, reason).get();
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

    public long throttled() {
        return throttled.get();
    }

    public long good() {
        return good.get();
    }

    private static long sum(Map<?, AtomicLong> counters) {
        return counters.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
