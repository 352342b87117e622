package lab.backpressure.producer.item;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonIgnore;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One unit of work, sent to the consumer as
 * {@code {"id":..,"created_at":epochMillis,"enqueued_at":epochMillis,"payload":".."}}.
 * The naming is pinned here rather than left to the mapper's settings because this JSON is the contract
 * with the consumer, whatever client serializes it.
 *
 * @param enqueuedAt epoch millis the queue admitted the item; {@link #NOT_ENQUEUED} until then
 * @param deadlineAt epoch millis by which the client that asked for it needs the answer ({@code client_deadline_ms}
 *                   after creation); {@link #NO_DEADLINE} when it waits however long it takes. Not in the item's
 *                   JSON: it travels beside it, in a header or a batch entry (see the delivery's ConsumerClient)
 * @param priority   how much it matters when the consumer is overloaded, fixed when it is created (from
 *                   {@code critical_share} then), so a queued item has its class and a {@code priority} take order
 *                   can see it. Not in the item's JSON: it travels as the {@link ItemPriority#HEADER} header
 * @param payload    a string of single-byte characters that this item alone references, so queued items
 *                   really hold {@link #payloadBytes()} bytes of heap each
 * @param requeuedAttempt {@link #NOT_REQUEUED}, or the number of the attempt a delivery policy sent this item
 *                   back to the queue instead of making (a retry beyond the retry budget): the attempt it is asked
 *                   for again when it is next taken. Not in the item's JSON
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkItem(long id, long createdAt, long enqueuedAt, @JsonIgnore long deadlineAt,
                       @JsonIgnore ItemPriority priority, String payload, @JsonIgnore int requeuedAttempt) {

    public static final long NOT_ENQUEUED = 0;
    public static final long NO_DEADLINE = 0;
    public static final int NOT_REQUEUED = 0;

    /** A new item, never sent back to the queue. */
    public WorkItem(long id, long createdAt, long enqueuedAt, long deadlineAt, ItemPriority priority, String payload) {
        this(id, createdAt, enqueuedAt, deadlineAt, priority, payload, NOT_REQUEUED);
    }

    public WorkItem enqueued(long at) {
        return new WorkItem(id, createdAt, at, deadlineAt, priority, payload, requeuedAttempt);
    }

    /** The same item, back in the queue with its {@code attempt} still to be made; admitted when it was first. */
    public WorkItem requeuedFor(int attempt) {
        return new WorkItem(id, createdAt, enqueuedAt, deadlineAt, priority, payload, attempt);
    }

    public boolean critical() {
        return priority == ItemPriority.CRITICAL;
    }

    /** The payload's size in bytes: its characters are all Latin-1, which the JVM stores one byte each. */
    public int payloadBytes() {
        return payload.length();
    }

    public boolean hasDeadline() {
        return deadlineAt != NO_DEADLINE;
    }

    /**
     * Whether an answer at {@code answeredAt} (epoch millis) is still of use to the client: at or before its
     * deadline, or at any time when it has none. An answer after it is wasted work.
     */
    public boolean inTimeAt(long answeredAt) {
        return !hasDeadline() || answeredAt <= deadlineAt;
    }

    /** From creation to {@code at} (epoch millis): an answer's end-to-end latency. */
    public Duration ageAt(long at) {
        return Duration.ofMillis(Math.max(0, at - createdAt));
    }
}
