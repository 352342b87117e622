package lab.backpressure.producer.item;

import java.util.Locale;

/**
 * How much an item matters when the consumer is overloaded: Google SRE's criticality ("Handling Overload"). The
 * consumer sheds {@code sheddable} items before {@code critical} ones. It travels as the request header
 * {@link #HEADER}, which the consumer reads before the body, so it can refuse a sheddable item without parsing
 * it; the item's JSON stays as the contract fixes it.
 */
public enum ItemPriority {

    CRITICAL,
    SHEDDABLE;

    public static final String HEADER = "Item-Priority";

    /** In the header and on the span: {@code critical} or {@code sheddable}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
