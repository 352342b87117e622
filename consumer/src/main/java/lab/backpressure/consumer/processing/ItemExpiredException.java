package lab.backpressure.consumer.processing;

/**
 * A single item reached its processing slot after its deadline while {@code drop_expired} is on: it was not
 * processed. Answered 410 Gone, which the producer settles as dropped and never sends again.
 */
public class ItemExpiredException extends RuntimeException {

    private final long id;
    private final long deadlineAt;

    ItemExpiredException(long id, long deadlineAt, long now) {
        super("item %d expired: its deadline passed %d ms before it reached a processing slot; not processed "
                .formatted(id, now - deadlineAt) + "(drop_expired is on)");
        this.id = id;
        this.deadlineAt = deadlineAt;
    }

    public long id() {
        return id;
    }

    public long deadlineAt() {
        return deadlineAt;
    }
}
