package lab.backpressure.producer.mode;

/**
 * What became of a new item. Sealed, so every place that counts admissions handles every outcome. A mode
 * gets one only from {@link Admitting}, which counts it as it hands it out.
 */
public sealed interface Admission {

    /**
     * The item joined the queue.
     *
     * @param evicted queued items the mode threw away to make room for it
     */
    record Accepted(int evicted) implements Admission {
    }

    /** The item was refused and is gone: counted in {@code rejected} under its reason. */
    record Rejected(RejectionReason reason) implements Admission {
    }
}
