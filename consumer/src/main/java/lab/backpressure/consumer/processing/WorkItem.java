package lab.backpressure.consumer.processing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import lab.backpressure.support.problem.InvalidFieldException;

/**
 * One item as the producer delivers it; timestamps are epoch milliseconds. Fields the producer
 * may add later are ignored (the contract names the fields an item has "at least").
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkItem(Long id, Long createdAt, Long enqueuedAt, String payload) {

    /** Processing needs the id to answer and created_at to measure the end-to-end latency. */
    public void requireComplete() {
        requireComplete("");
    }

    /** The same, naming the fields under {@code path}, e.g. {@code [3].} for the fourth item of a batch. */
    void requireComplete(String path) {
        if (id == null) {
            throw new InvalidFieldException(path + "id", path + "id is required");
        }
        if (createdAt == null) {
            throw new InvalidFieldException(path + "created_at", path + "created_at is required (epoch milliseconds)");
        }
    }
}
