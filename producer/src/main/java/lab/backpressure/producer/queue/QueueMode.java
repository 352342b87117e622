package lab.backpressure.producer.queue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import lab.backpressure.producer.item.WorkItem;

/**
 * A backpressure strategy: what happens to a new item, and whether production is held back. Each mode is
 * one class, registered with a {@link QueueModeFactory} bean; a new mode is a new class (and its test).
 * Instances are immutable apart from their own limiter state: a config change builds a new instance.
 */
public interface QueueMode {

    /** The name in {@code queue_mode}, in {@code /status} and in the {@code mode} metric tag. */
    String name();

    /**
     * Decides the fate of a new item and, if it is taken in, adds it to {@code queue}. Called with the
     * ledger's lock held, so the check and the insert are one atomic step against every other transition.
     */
    Admission admit(WorkItem item, ItemQueue queue);

    /**
     * Called by the generator before it creates each item; a mode that throttles production blocks here.
     *
     * @return how long the generator was held back, or empty when this mode never holds production back
     * @throws InterruptedException when the generator is woken (config change, shutdown)
     */
    default Optional<Duration> awaitProductionPermit() throws InterruptedException {
        return Optional.empty();
    }

    /** For {@code POST /produce}: whether one more burst item may be produced right now, without waiting. */
    default boolean tryBurstPermit() {
        return true;
    }

    /** The most items this mode lets the queue hold, if it bounds the queue. */
    default OptionalInt capacity() {
        return OptionalInt.empty();
    }

    /** The items per second this mode lets through, if it throttles production. */
    default OptionalDouble rateLimit() {
        return OptionalDouble.empty();
    }
}
