package lab.backpressure.producer.delivery;

import org.springframework.http.HttpStatusCode;

/** How one delivery attempt ended. */
public sealed interface DeliveryResult {

    static DeliveryResult of(HttpStatusCode status) {
        if (status.is2xxSuccessful()) {
            return Delivered.INSTANCE;
        }
        String error = "HTTP " + status.value() + " from the consumer";
        return status.is4xxClientError() ? new Refused(error) : new Unavailable(error);
    }

    /** The consumer answered 2xx. */
    enum Delivered implements DeliveryResult {
        INSTANCE
    }

    /** The item did not get through; {@link #error()} says why. */
    sealed interface Failure extends DeliveryResult {
        String error();
    }

    /** The consumer answered 4xx: it will never take this item, so retrying is pointless. */
    record Refused(String error) implements Failure {
    }

    /** No answer, a timeout, a 5xx or another unexpected status: worth retrying later. */
    record Unavailable(String error) implements Failure {
    }
}
