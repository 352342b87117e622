package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A mode that holds production to permits and loses nothing it lets in: the generator waits for a permit, a
 * {@code POST /produce} burst item takes one if one is free now and is rejected otherwise, and every item let in
 * is queued.
 */
interface PermitGatedMode extends QueueMode {

    /** A permit now, if one is free; never waits. */
    boolean tryPermit();

    /**
     * Waits for a permit.
     *
     * @return how long it waited: zero when one was free
     * @throws InterruptedException when the generator is woken (settings change, shutdown)
     */
    Duration awaitPermit() throws InterruptedException;

    /** The reason a burst item finds no permit free. */
    RejectionReason noPermit();

    @Override
    default Admission admit(Admitting item) {
        return item.append();
    }

    @Override
    default Admission admitBurstItem(Admitting item) {
        return tryPermit() ? item.append() : item.reject(noPermit());
    }

    @Override
    default Optional<Duration> awaitProductionPermit(QueueWatch queue) throws InterruptedException {
        return Optional.of(awaitPermit());
    }

    @Override
    default Set<RejectionReason> rejectionReasons() {
        return Set.of(noPermit());
    }
}
