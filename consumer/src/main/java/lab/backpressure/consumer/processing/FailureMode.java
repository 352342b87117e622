package lab.backpressure.consumer.processing;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How an item chosen by {@code failure_rate} fails. */
public enum FailureMode {

    /** The item takes its processing time, then answers 500. */
    ERROR,
    /** The request is held past the producer's request timeout without being processed. */
    TIMEOUT,
    /** The connection is closed without an answer. */
    RESET;

    /** The name in JSON, in metric tags and in messages. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
