package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A backpressure strategy on the producer's side: what becomes of a new item, whether the generator is held
 * back, and what happens at the head of the queue. Each mode is one Spring bean, reading its parameters live
 * from its own {@code AdminSettings} record; it may also be a {@code MeterBinder} for meters of its own. Every
 * bean of this type is a valid {@code queue_mode}: a new mode is a new class (and its test).
 * <p>
 * Modes change the queue only through the views the ledger hands them, which count every change, so the
 * accounting identities hold whatever a mode does.
 */
public interface QueueMode {

    /** The name in {@code queue_mode}, in {@code /status} and in the {@code mode} metric tag. */
    String name();

    /**
     * Decides the fate of an item from the generator. Called with the ledger's lock held, so the check and
     * the change are one atomic step against every other transition; must not wait.
     */
    Admission admit(Admitting item);

    /** Decides the fate of an item of a {@code POST /produce} burst, which never waits; by default as {@link #admit}. */
    default Admission admitBurstItem(Admitting item) {
        return admit(item);
    }

    /**
     * Called by the generator before it creates each item, without the ledger's lock: a mode that holds
     * production back waits here.
     *
     * @return how long the generator was held back, or empty when this mode never holds production back
     * @throws InterruptedException when the generator is woken (settings change, shutdown)
     */
    default Optional<Duration> awaitProductionPermit(QueueWatch queue) throws InterruptedException {
        return Optional.empty();
    }

    /**
     * Called with the ledger's lock held before delivery takes the head of the queue, once for each item of a batch;
     * may evict from the head.
     */
    default void beforeTake(QueueView queue, long now) {
    }

    /**
     * Called, with the ledger's lock held, when the consumer throttled a delivery attempt (429 or 503 with
     * {@code Retry-After}): downstream asking for less, which a mode that sets its own rate listens to.
     *
     * @param now epoch millis, on the ledger's clock
     */
    default void throttled(long now) {
    }

    /** Called, with the ledger's lock held, when this mode starts deciding: it forgets any state from an earlier turn. */
    default void activate() {
    }

    /** Called, with the ledger's lock held, when another mode takes over. */
    default void deactivate() {
    }

    /** The reasons this mode rejects with, so their counters exist from the start. */
    default Set<RejectionReason> rejectionReasons() {
        return Set.of();
    }

    /** The reasons this mode drops queued items with, so their counters exist from the start. */
    default Set<DropReason> dropReasons() {
        return Set.of();
    }

    /** The most items this mode lets the queue hold, if it bounds the queue ({@code max_size} in {@code /status}). */
    default OptionalInt capacity() {
        return OptionalInt.empty();
    }

    /** The items per second this mode lets through, if it throttles production ({@code rate_limit} in {@code /status}). */
    default OptionalDouble rateLimit() {
        return OptionalDouble.empty();
    }

    /** This mode's own fields in {@code /status.queue}, snake_case: its parameters and its state. */
    default Map<String, Object> status() {
        return Map.of();
    }
}
