package lab.backpressure.consumer.processing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import lab.backpressure.support.problem.InvalidFieldException;
import org.jspecify.annotations.Nullable;

/**
 * One item as the producer delivers it; timestamps are epoch milliseconds. Fields the producer
 * may add later are ignored (the contract names the fields an item has "at least").
 *
 * @param deadlineAt when the client behind the item stops waiting for the answer, or null for never: each item's
 *                   own {@code deadline_at} field in a batch (a header is one per request), the
 *                   {@link #DEADLINE_HEADER} header on {@code /process}, where it overrides the field
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkItem(Long id, Long createdAt, Long enqueuedAt, String payload, @Nullable Long deadlineAt) {

    /** The request header of {@code /process} that carries the item's deadline, epoch milliseconds. */
    public static final String DEADLINE_HEADER = "Item-Deadline";
    /** The request header that carries when the caller of this attempt stops waiting, epoch milliseconds. */
    public static final String ATTEMPT_DEADLINE_HEADER = "Attempt-Deadline";

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
        if (deadlineAt != null && deadlineAt <= 0) {
            throw new InvalidFieldException(path + "deadline_at",
                    path + "deadline_at must be a positive epoch-milliseconds time, got " + deadlineAt);
        }
    }

    /** This item with the deadline of the {@link #DEADLINE_HEADER} header, when the request has one. */
    public WorkItem withDeadlineHeader(@Nullable String header) {
        return header == null ? this : withDeadline(epochMillis(DEADLINE_HEADER, header));
    }

    /**
     * This item with the earlier of its own deadline and the {@link #ATTEMPT_DEADLINE_HEADER} header's, when the
     * request has one: past either, nobody waits for the answer, so {@code drop_expired} refuses it and an answer
     * after it is late.
     */
    WorkItem withAttemptDeadlineHeader(@Nullable String header) {
        if (header == null) {
            return this;
        }
        long attemptDeadline = epochMillis(ATTEMPT_DEADLINE_HEADER, header);
        return deadlineAt != null && deadlineAt <= attemptDeadline ? this : withDeadline(attemptDeadline);
    }

    private WorkItem withDeadline(long at) {
        return new WorkItem(id, createdAt, enqueuedAt, payload, at);
    }

    private static long epochMillis(String name, String header) {
        try {
            long at = Long.parseLong(header.strip());
            if (at > 0) {
                return at;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, with the same words as a number out of range
        }
        throw new InvalidHeaderException(name, header, "a positive epoch-milliseconds time (absent: none)");
    }

    /**
     * Whether the item's deadline has passed at {@code at} (epoch milliseconds): finished then, it was late (the
     * client had stopped waiting and the work was wasted); reaching a slot then, it has expired. An item without a
     * deadline is never past it.
     */
    boolean pastDeadlineAt(long at) {
        return deadlineAt != null && at > deadlineAt;
    }
}
