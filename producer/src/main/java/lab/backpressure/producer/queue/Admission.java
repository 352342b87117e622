package lab.backpressure.producer.queue;

/**
 * What a {@link QueueMode} did with a new item. Sealed, so that a mode adding a new outcome (say, taking
 * the item in by dropping the oldest) makes the compiler point at every place that must count it.
 */
public sealed interface Admission {

    static Admission accepted() {
        return Accepted.INSTANCE;
    }

    static Admission rejected(RejectionReason reason) {
        return new Rejected(reason);
    }

    /** The item joined the queue. */
    enum Accepted implements Admission {
        INSTANCE
    }

    /** The item was refused and is gone: counted in {@code rejected} under its reason. */
    record Rejected(RejectionReason reason) implements Admission {
    }
}
