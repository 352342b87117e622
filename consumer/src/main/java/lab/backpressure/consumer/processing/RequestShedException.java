package lab.backpressure.consumer.processing;

/** The waiting room is full for this request's priority: answered 429 with {@code Retry-After}. */
public class RequestShedException extends RuntimeException {

    private final long retryAfterSeconds;

    RequestShedException(String detail, long retryAfterSeconds) {
        super(detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When the work ahead of this request will probably be done, in whole seconds (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
