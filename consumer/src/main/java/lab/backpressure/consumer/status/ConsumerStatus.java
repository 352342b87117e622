package lab.backpressure.consumer.status;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import lab.backpressure.consumer.admin.ConfigView;

/** Body of {@code GET /status}: the current config plus what the consumer is doing. */
record ConsumerStatus(
        String service,
        @JsonUnwrapped ConfigView config,
        long processed,
        long failed,
        long shed,
        int inFlight,
        int waiting,
        int lastBatchSize) {
}
