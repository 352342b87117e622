package lab.backpressure.labtests.support;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strict reads of a service's {@code /status} fields: a field the reference promises but the status lacks, or
 * one of the wrong type, fails the test instead of reading as 0 (or as an empty text).
 */
public final class StatusFields {

    private StatusFields() {
    }

    public static long whole(JsonNode json, String pointer) {
        JsonNode node = json.requiredAt(pointer);
        assertThat(node.isIntegralNumber()).as("%s is a whole number in %s", pointer, json).isTrue();
        return node.longValue();
    }

    public static double decimal(JsonNode json, String pointer) {
        JsonNode node = json.requiredAt(pointer);
        assertThat(node.isNumber()).as("%s is a number in %s", pointer, json).isTrue();
        return node.doubleValue();
    }

    public static String text(JsonNode json, String pointer) {
        JsonNode node = json.requiredAt(pointer);
        assertThat(node.isString()).as("%s is a text in %s", pointer, json).isTrue();
        return node.stringValue();
    }
}
