package lab.backpressure.producer.delivery;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where workers wait while the breaker lets no call through: while it is open, or while it has turned a call away
 * since a call last may have become possible (a transition, a released probe, a new breaker). Each such moment is
 * an epoch; a worker turned away waits for the next one instead of asking again at once, so it does not spin.
 */
final class BreakerPermits {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition mayPermit = lock.newCondition();
    /** Moves (under the lock) whenever a call may newly be permitted. */
    private volatile long epoch;
    /** The latest epoch in which the breaker turned a call away; guarded by the lock. */
    private long refusedInEpoch = -1;

    /** Waits while {@code open} holds, or while a call was turned away in the current epoch. */
    void await(BooleanSupplier open) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (open.getAsBoolean() || refusedInEpoch == epoch) {
                mayPermit.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The epoch now, read before asking the breaker, so that a refusal is booked against the epoch it saw. */
    long epoch() {
        return epoch;
    }

    void refused(long epochSeen) {
        lock.lock();
        try {
            refusedInEpoch = Math.max(refusedInEpoch, epochSeen);
        } finally {
            lock.unlock();
        }
    }

    /** A call may newly be permitted: a new epoch, and every waiting worker looks again. */
    void mayBeFree() {
        lock.lock();
        try {
            epoch++;
            mayPermit.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
