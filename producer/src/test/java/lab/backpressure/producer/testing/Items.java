package lab.backpressure.producer.testing;

import java.time.Clock;

import lab.backpressure.producer.item.Criticality;
import lab.backpressure.producer.item.ItemFactory;

/** Item factories for unit tests, at a fixed {@code critical_share}. */
public final class Items {

    private Items() {
    }

    /** As {@code critical_share} starts: every item sheddable. */
    public static ItemFactory factory(Clock clock) {
        return factory(clock, 0);
    }

    /** Every item marked by {@code criticalShare} ({@link Criticality#priorityOf}): 0.25 makes items 4, 8, ... critical. */
    public static ItemFactory factory(Clock clock, double criticalShare) {
        return new ItemFactory(clock, TestSettings.of(new Criticality(criticalShare)));
    }
}
