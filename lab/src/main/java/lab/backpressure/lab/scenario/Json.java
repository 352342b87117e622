package lab.backpressure.lab.scenario;

import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON written the way the handout writes request bodies: {@code {"queue_mode": "bounded", "max_queue_size": 100}}. */
final class Json {

    private Json() {
    }

    static String handoutStyle(ObjectNode body) {
        return body.properties().stream()
                .map(field -> "\"" + field.getKey() + "\": " + value(field.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String value(JsonNode value) {
        if (value instanceof ObjectNode object) {
            return handoutStyle(object);
        }
        if (value.isBigDecimal() || value.isDouble()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
