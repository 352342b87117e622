package lab.backpressure.producer.delivery;

import java.time.Duration;

import lab.backpressure.producer.mode.DropReason;

/** What a delivery policy says about an {@link Attempt} before it is made. */
public sealed interface Verdict {

    /** Go ahead. */
    Verdict SEND = new Send();

    record Send() implements Verdict {
    }

    /** Not now: the worker keeps the items (in flight, nothing lost) and asks again after {@code pause}. */
    record Hold(Duration pause) implements Verdict {
    }

    /** Never: the items are dropped for {@code reason}, counted and traced as every drop is. */
    record GiveUp(DropReason reason) implements Verdict {
    }
}
