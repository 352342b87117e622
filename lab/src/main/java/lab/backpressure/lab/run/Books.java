package lab.backpressure.lab.run;

import tools.jackson.databind.JsonNode;

/**
 * The producer's accounting identities, which every reading of every run must satisfy: nothing is lost
 * uncounted. {@code produced == enqueued + rejected} and {@code enqueued == sent + failed + dropped + size + in_flight}.
 */
public final class Books {

    private Books() {
    }

    /** Empty when they hold; otherwise the identity that broke, with its figures. */
    public static java.util.Optional<String> broken(JsonNode producerStatus) {
        JsonNode totals = producerStatus.path("totals");
        long produced = totals.path("produced").asLong();
        long enqueued = totals.path("enqueued").asLong();
        long rejected = totals.path("rejected").asLong();
        long accounted = totals.path("sent").asLong() + totals.path("failed").asLong() + totals.path("dropped").asLong()
                + producerStatus.path("queue").path("size").asLong() + totals.path("in_flight").asLong();
        if (produced != enqueued + rejected) {
            return java.util.Optional.of("produced (%d) != enqueued (%d) + rejected (%d)"
                    .formatted(produced, enqueued, rejected));
        }
        if (enqueued != accounted) {
            return java.util.Optional.of("enqueued (%d) != sent + failed + dropped + size + in_flight (%d) in %s"
                    .formatted(enqueued, accounted, totals));
        }
        return java.util.Optional.empty();
    }
}
