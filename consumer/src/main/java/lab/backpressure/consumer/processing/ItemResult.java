package lab.backpressure.consumer.processing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What became of one item of a batch, so the producer can settle each item on its own: processed, expired
 * (its deadline had passed when its turn came and {@code drop_expired} is on: not processed, no time spent), or
 * failed by failure injection ({@code failure_mode} says how; only {@code error} spent processing time).
 */
record ItemResult(
        long id,
        Status status,
        long processingTimeMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable FailureMode failureMode) {

    static ItemResult processed(long id, long processingTimeMs) {
        return new ItemResult(id, Status.PROCESSED, processingTimeMs, null);
    }

    static ItemResult expired(long id) {
        return new ItemResult(id, Status.EXPIRED, 0, null);
    }

    static ItemResult failed(long id, FailureMode mode, long processingTimeMs) {
        return new ItemResult(id, Status.FAILED, processingTimeMs, mode);
    }

    public enum Status {
        PROCESSED,
        EXPIRED,
        FAILED;

        @JsonValue
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
