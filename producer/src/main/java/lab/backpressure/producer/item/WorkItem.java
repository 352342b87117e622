package lab.backpressure.producer.item;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One unit of work, sent to the consumer as
 * {@code {"id":..,"created_at":epochMillis,"enqueued_at":epochMillis,"payload":".."}}.
 * The naming is pinned here rather than left to the mapper's settings because this JSON is the contract
 * with the consumer, whatever client serializes it.
 *
 * @param enqueuedAt epoch millis the queue admitted the item; {@link #NOT_ENQUEUED} until then
 * @param payload    a string of single-byte characters that this item alone references, so queued items
 *                   really hold {@link #payloadBytes()} bytes of heap each
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkItem(long id, long createdAt, long enqueuedAt, String payload) {

    public static final long NOT_ENQUEUED = 0;

    public WorkItem enqueued(long at) {
        return new WorkItem(id, createdAt, at, payload);
    }

    /** The payload's size in bytes: its characters are all Latin-1, which the JVM stores one byte each. */
    public int payloadBytes() {
        return payload.length();
    }
}
