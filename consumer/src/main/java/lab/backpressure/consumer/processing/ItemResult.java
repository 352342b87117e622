package lab.backpressure.consumer.processing;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What became of one item of a batch, so the producer can settle each item on its own. */
public record ItemResult(long id, Status status, long processingTimeMs) {

    static ItemResult processed(long id, long processingTimeMs) {
        return new ItemResult(id, Status.PROCESSED, processingTimeMs);
    }

    public enum Status {
        PROCESSED;

        @JsonValue
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
