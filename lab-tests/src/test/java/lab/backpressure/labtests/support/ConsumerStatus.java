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

    /** Processed by their deadline, or without one. */
    public long good() {
        return whole("/good");
    }

    /** Processed after their deadline: wasted work. */
    public long late() {
        return whole("/late");
    }

    /** Answered expired unprocessed by {@code drop_expired}. */
    public long expired() {
        return whole("/expired");
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
     * Requests that reached processing: each one ends processed, failed or expired. A shed request never gets
     * this far.
     */
    public long requests() {
        return processed() + failed() + expired();
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
