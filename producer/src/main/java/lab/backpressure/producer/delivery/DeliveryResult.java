package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/** How one delivery attempt ended. */
public sealed interface DeliveryResult {

    /**
     * @param retryAfter the consumer's {@code Retry-After}, if it sent one
     */
    static DeliveryResult of(HttpStatusCode status, Optional<Duration> retryAfter) {
        if (status.is2xxSuccessful()) {
            return Delivered.INSTANCE;
        }
        String error = "HTTP " + status.value() + " from the consumer";
        boolean flowControl = status.isSameCodeAs(HttpStatus.TOO_MANY_REQUESTS)
                || status.isSameCodeAs(HttpStatus.SERVICE_UNAVAILABLE);
        if (flowControl && retryAfter.isPresent()) {
            return new Throttled(retryAfter.get(), error);
        }
        if (status.isSameCodeAs(HttpStatus.CONTENT_TOO_LARGE)) {
            return new TooLarge(error);
        }
        return status.is4xxClientError() && !flowControl ? new Refused(error) : new Unavailable(error);
    }

    /** The consumer answered 2xx: for a batch, every item in it was processed. */
    enum Delivered implements DeliveryResult {
        INSTANCE
    }

    /** The item did not get through; {@link #error()} says why. */
    sealed interface Failure extends DeliveryResult {
        String error();
    }

    /** The consumer answered 4xx (other than 429): it will never take this item, so retrying is pointless. */
    record Refused(String error) implements Failure {
    }

    /**
     * The consumer answered a batch item by item and some items failed (failure injection): the others were
     * processed. The failed ones are retried after a backoff, as a smaller batch, as a 5xx would be for one item.
     *
     * @param failed the ids of the items that were not processed; never empty
     */
    record PartlyDelivered(Set<Long> failed, String error) implements Failure {

        public PartlyDelivered {
            failed = Set.copyOf(failed);
        }
    }

    /**
     * The consumer answered some items expired ({@code drop_expired}): their client deadline had passed when their
     * turn came, so it did not process them (410 Gone for a single item; {@code "status": "expired"} in a batch's
     * answer). They are dropped as {@code expired_at_consumer}, never sent again: their deadline stays past. The
     * batch's other items are delivered, but for {@code failed} (failure injection), which are retried as for
     * {@link PartlyDelivered}.
     *
     * @param expired the ids of the expired items; never empty
     * @param failed  the ids of the items that failed; often empty
     */
    record Expired(Set<Long> expired, Set<Long> failed, String error) implements Failure {

        public Expired {
            expired = Set.copyOf(expired);
            failed = Set.copyOf(failed);
        }
    }

    /**
     * 413: the request is larger than the consumer takes (more items or bytes than its batch limits); nothing in
     * it was processed. A batch is split in halves and sent again; a single item is refused for good.
     */
    record TooLarge(String error) implements Failure {
    }

    /**
     * The consumer said "not now" (429, or 503, with {@code Retry-After}): flow control, not failure. The item
     * is kept and sent again after {@code retryAfter}; it is never counted as failed or lost.
     */
    record Throttled(Duration retryAfter, String error) implements Failure {
    }

    /** No answer, a 5xx or 429 without {@code Retry-After}, or another unexpected status: retried after a backoff. */
    record Unavailable(String error) implements Failure {
    }

    /** No answer within the request timeout: retried after a backoff, and a loss signal for the delivery limit. */
    record TimedOut(String error) implements Failure {
    }

    /**
     * A delivery policy answered in the consumer's place and sent nothing (a circuit breaker that let no call
     * through). Not an attempt: nothing is counted and no round trip is learnt from; the worker keeps the item
     * and waits for the policies' permission again.
     */
    record NotSent(String error) implements Failure {
    }
}
