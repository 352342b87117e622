package lab.backpressure.consumer.processing;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request let into the {@link WaitingRoom}, with its priority. It keeps its place until it
 * {@link #leave() leaves}: once its slot is released, or when it ends without one.
 */
public final class Admission {

    /** The request attribute under which the admission travels from the web layer to the processor. */
    public static final String ATTRIBUTE = "lab.backpressure.consumer.processing.Admission";

    private final Priority priority;
    private final Runnable onLeave;
    private final AtomicBoolean left = new AtomicBoolean();

    Admission(Priority priority, Runnable onLeave) {
        this.priority = priority;
        this.onLeave = onLeave;
    }

    public Priority priority() {
        return priority;
    }

    /** Gives the place back; only the first call counts, so every way out of a request may call it. */
    public void leave() {
        if (left.compareAndSet(false, true)) {
            onLeave.run();
        }
    }
}
