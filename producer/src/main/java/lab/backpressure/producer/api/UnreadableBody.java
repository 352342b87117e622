package lab.backpressure.producer.api;

import java.util.stream.Collectors;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Why a request body could not be read, in the API's words: the JSON field at fault (null when the body
 * as a whole is) and a sentence about it, without the Java types Jackson's own messages are full of.
 */
record UnreadableBody(String field, String detail) {

    static UnreadableBody of(HttpMessageNotReadableException ex) {
        if (!(ex.getCause() instanceof JacksonException jackson)) {
            return new UnreadableBody(null, "the request needs a JSON body");
        }
        String field = field(jackson);
        String detail = switch (jackson) {
            case UnrecognizedPropertyException unknown -> "unknown field '%s'; known fields: %s"
                    .formatted(unknown.getPropertyName(), unknown.getKnownPropertyIds());
            case MismatchedInputException mismatch when field != null ->
                    "%s must be %s".formatted(field, expected(mismatch.getTargetType()));
            case InputCoercionException _ when field != null -> "%s is out of range".formatted(field);
            case StreamReadException _ -> "malformed JSON: " + jackson.getOriginalMessage();
            default -> "the body must be a JSON object with the documented fields";
        };
        return new UnreadableBody(field, detail);
    }

    /** The dotted path to the field at fault, e.g. {@code production_rate}; null for the body as a whole. */
    private static String field(JacksonException jackson) {
        String path = jackson.getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? reference.getPropertyName()
                        : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
        return path.isEmpty() ? null : path;
    }

    private static String expected(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a JSON value of the documented type";
    }
}
