package lab.backpressure.lab.run;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * The producer's accounting identities, which every reading of every run must satisfy: nothing is lost
 * uncounted. {@code produced == enqueued + rejected} and {@code enqueued == sent + failed + dropped + size + in_flight}.
 * Every figure is read strictly: a missing or renamed field would read as 0 and let any identity hold.
 */
public final class Books {

    private Books() {
    }

    /**
     * Empty when they hold; otherwise the identity that broke, with its figures.
     *
     * @throws StatusFieldMissing when a figure the identities need is not in the reading
     */
    public static Optional<String> broken(JsonNode producerStatus) {
        long produced = total(producerStatus, "produced");
        long enqueued = total(producerStatus, "enqueued");
        long rejected = total(producerStatus, "rejected");
        long accounted = total(producerStatus, "sent") + total(producerStatus, "failed")
                + total(producerStatus, "dropped") + whole(producerStatus, "queue", "size")
                + total(producerStatus, "in_flight");
        if (produced != enqueued + rejected) {
            return Optional.of("produced (%d) != enqueued (%d) + rejected (%d)".formatted(produced, enqueued, rejected));
        }
        if (enqueued != accounted) {
            return Optional.of("enqueued (%d) != sent + failed + dropped + size + in_flight (%d) in %s"
                    .formatted(enqueued, accounted, producerStatus.get("totals")));
        }
        return Optional.empty();
    }

    private static long total(JsonNode producerStatus, String name) {
        return whole(producerStatus, "totals", name);
    }

    private static long whole(JsonNode producerStatus, String section, String name) {
        JsonNode value = producerStatus.path(section).path(name);
        if (!value.isIntegralNumber()) {
            throw new StatusFieldMissing("producer", section + "." + name, value.isMissingNode() ? null : value);
        }
        return value.longValue();
    }
}
