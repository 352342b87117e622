package lab.backpressure.consumer.status;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import lab.backpressure.consumer.admin.ConfigView;

/**
 * Body of {@code GET /status}: the current config plus what the consumer is doing.
 *
 * @param processed {@code good + late}, from the same reading of both
 * @param good      items processed by their deadline, or without one
 * @param late      items processed after their deadline: wasted work
 */
record ConsumerStatus(
        String service,
        @JsonUnwrapped ConfigView config,
        long processed,
        long good,
        long late,
        long failed,
        long shed,
        int inFlight,
        int waiting,
        int lastBatchSize) {
}
