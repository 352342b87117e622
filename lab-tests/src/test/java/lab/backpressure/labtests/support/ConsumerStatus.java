package lab.backpressure.labtests.support;

import tools.jackson.databind.JsonNode;

/**
 * One reading of the consumer's {@code GET /status}, read as strictly as {@link ProducerStatus}.
 */
public record ConsumerStatus(JsonNode json) {

    public static ConsumerStatus of(ServiceProcess consumer) {
        return new ConsumerStatus(LabHttp.getJson(consumer.baseUrl() + "/status"));
    }

    public long processed() {
        return whole("/processed");
    }

    /** Items failed on purpose by failure injection. */
    public long failed() {
        return whole("/failed");
    }

    /** Requests answered 429 by load shedding. */
    public long shed() {
        return whole("/shed");
    }

    /**
     * Requests that reached processing: each one ends processed or failed. A shed request never gets
     * this far, so this is what the consumer spends its time on.
     */
    public long requests() {
        return processed() + failed();
    }

    public long inFlight() {
        return whole("/in_flight");
    }

    public long waiting() {
        return whole("/waiting");
    }

    private long whole(String pointer) {
        return StatusFields.whole(json, pointer);
    }
}
