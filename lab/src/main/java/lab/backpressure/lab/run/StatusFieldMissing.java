package lab.backpressure.lab.run;

import tools.jackson.databind.JsonNode;

/**
 * A service's {@code /status} lacks a field a run relies on, or holds something else than a whole number there:
 * read as 0 it would let the books balance whatever happened, so the run ends instead.
 */
public final class StatusFieldMissing extends RuntimeException {

    /** @param found what the field holds, or null where it is missing */
    public StatusFieldMissing(String service, String field, JsonNode found) {
        super("the " + service + "'s /status " + (found == null ? "has no field " + field
                : "has " + found + " in " + field + ", not a whole number") + ", which the books need");
    }
}
