package lab.backpressure.support.problem;

import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Why a request body could not be read, in the API's words: the JSON field at fault ({@code null} when the body
 * as a whole is) and a sentence about it, without the Java types of Jackson's own messages.
 */
public record UnreadableBody(@Nullable String field, String detail) {

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    static UnreadableBody of(HttpMessageNotReadableException e) {
        if (!(e.getCause() instanceof JacksonException jackson)) {
            return new UnreadableBody(null, "the body is missing or is not JSON");
        }
        return of(jackson);
    }

    /** Also for JSON a service reads itself, e.g. the producer merging an admin update into its settings. */
    public static UnreadableBody of(JacksonException jackson) {
        String field = field(jackson);
        if (field == null) {
            return new UnreadableBody(null, wholeBody(jackson));
        }
        String detail = switch (jackson) {
            case UnrecognizedPropertyException unknown -> "unknown field '%s'; known fields: %s"
                    .formatted(field, unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().toList());
            case InvalidFormatException wrong when wrong.getTargetType() != null && wrong.getTargetType().isEnum() ->
                    "%s must be one of %s, got '%s'".formatted(field,
                            Arrays.toString(wrong.getTargetType().getEnumConstants()),
                            InvalidFieldException.quote(wrong.getValue()));
            case MismatchedInputException mismatch -> "%s must be %s".formatted(field,
                    expected(mismatch.getTargetType()));
            case InputCoercionException outOfRange -> "%s is out of range for %s".formatted(field,
                    expected(outOfRange.getTargetType()));
            default -> "%s: %s".formatted(field, quotedIn(jackson.getOriginalMessage()));
        };
        return new UnreadableBody(field, detail);
    }

    private static String wholeBody(JacksonException jackson) {
        return switch (jackson) {
            case MismatchedInputException wrongShape -> "the body must be " + expected(wrongShape.getTargetType());
            case StreamReadException malformed -> "malformed JSON: " + quotedIn(malformed.getOriginalMessage());
            default -> "the body is not a valid request: " + quotedIn(jackson.getOriginalMessage());
        };
    }

    /**
     * The path to the field at fault as the caller wrote it: {@code production_rate}, {@code [3].id} for the
     * fourth item of an array, {@code items[0]} inside an object; {@code null} for the body as a whole.
     */
    private static @Nullable String field(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(InvalidFieldException.quote(reference.getPropertyName()));
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    static String expected(@Nullable Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return switch (type.getSimpleName()) {
            case "Long", "long", "Integer", "int" -> "a whole number";
            case "Double", "double" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            default -> "a JSON object";
        };
    }

    /** Shortens every 'quoted' value in a message Jackson wrote, which quotes a malformed token whole. */
    private static String quotedIn(String message) {
        return QUOTED.matcher(message).replaceAll(
                quoted -> Matcher.quoteReplacement("'" + InvalidFieldException.quote(quoted.group(1)) + "'"));
    }
}
