package lab.backpressure.producer.api;


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
public record UnreadableBody(String field, String detail) {

    static UnreadableBody of(HttpMessageNotReadableException ex) {
        if (!(ex.getCause() instanceof JacksonException jackson)) {
            return new UnreadableBody(null, "the request needs a JSON body");
        }
        return of(jackson);
    }

    public static UnreadableBody of(JacksonException jackson) {
        String field = field(jackson);
        String detail = switch (jackson) {
            case UnrecognizedPropertyException unknown -> "unknown field '%s'; known fields: %s"
                    .formatted(unknown.getPropertyName(), unknown.getKnownPropertyIds());
            case MismatchedInputException mismatch when field != null ->
                    "%s must be %s".formatted(field, expected(mismatch.getTargetType()));
            case InputCoercionException _ when field != null -> "%s is out of range".formatted(field);
            case StreamReadException _ -> "malformed JSON: " + InvalidFieldException.quote(jackson.getOriginalMessage());
            default -> "the body must be a JSON object with the documented fields";
        };
        return new UnreadableBody(field, detail);
    }

    /**
     * The path to the field at fault, properties dotted and array indexes in brackets as both services
     * write them (e.g. {@code production_rate}, {@code [3].id}); null for the body as a whole.
     */
    private static String field(JacksonException jackson) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : jackson.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
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
