package lab.backpressure.producer.delivery;

import java.time.Duration;

import lab.backpressure.producer.mode.DropReason;

/** What a delivery policy says about an {@link Attempt} before it is made. */
public sealed interface Verdict {

    /** Go ahead. */
    Verdict SEND = new Send();

    record Send() implements Verdict {
    }

    /**
     * Not now: the items go back to the tail of the queue (queued again, nothing lost) with this attempt still to be
     * made, and the worker gives its slot back and rests {@code pause} before it takes more, so a worker never
     * waits on an attempt that may not go out, and the items behind are sent meanwhile.
     */
    record Requeue(Duration pause) implements Verdict {
    }

    /** Never: the items are dropped for {@code reason}, counted and traced as every drop is. */
    record GiveUp(DropReason reason) implements Verdict {
    }
}
