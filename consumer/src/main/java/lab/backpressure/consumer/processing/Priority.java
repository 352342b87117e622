package lab.backpressure.consumer.processing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * How much a request matters when the consumer is overloaded (Google SRE, "Handling Overload"):
 * {@code sheddable} requests are shed first, {@code critical} ones may also use the reserved places.
 */
public enum Priority {

    CRITICAL,
    SHEDDABLE;

    /** The request header that carries the priority. */
    public static final String HEADER = "Item-Priority";

    /** A request without the header: most traffic can be retried later, so it is sheddable unless it says not. */
    public static final Priority DEFAULT = SHEDDABLE;

    /** The name in the header, in metric tags and in messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }

    /**
     * The priority an {@value #HEADER} header asks for, {@link #DEFAULT} when there is none.
     *
     * @throws InvalidHeaderException when it names no priority
     */
    public static Priority ofHeader(@Nullable String header) {
        if (header == null) {
            return DEFAULT;
        }
        return parse(header).orElseThrow(() -> new InvalidHeaderException(HEADER, header,
                "critical or sheddable (absent means %s)".formatted(DEFAULT)));
    }

    /** The priority a header value names, ignoring case and surrounding blanks. */
    public static Optional<Priority> parse(String value) {
        return Arrays.stream(values()).filter(p -> p.label().equalsIgnoreCase(value.strip())).findFirst();
    }
}
