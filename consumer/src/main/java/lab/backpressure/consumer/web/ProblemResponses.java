package lab.backpressure.consumer.web;

import java.util.stream.Collectors;
import lab.backpressure.consumer.processing.InvalidFieldException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns bad input into RFC 9457 problems that name the offending field in the {@code field}
 * property. Ordered first so that it wins over Spring Boot's generic problem-details handler,
 * which still answers everything else (404, 405, 415 ...).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemResponses {

    /** Reported when the body as a whole is at fault rather than one field. */
    private static final String WHOLE_BODY = "body";

    @ExceptionHandler
    ProblemDetail invalidField(InvalidFieldException e) {
        return badRequest(e.field(), e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unreadableBody(HttpMessageNotReadableException e) {
        return switch (e.getCause()) {
            case UnrecognizedPropertyException unknown -> badRequest(unknown.getPropertyName(),
                    "unknown field '%s'; allowed fields are %s".formatted(unknown.getPropertyName(),
                            unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                                    .collect(Collectors.joining(", "))));
            case MismatchedInputException mismatch when hasField(mismatch) ->
                    badRequest(field(mismatch), "%s must be %s".formatted(field(mismatch),
                            expected(mismatch.getTargetType())));
            case MismatchedInputException notAnObject -> badRequest(WHOLE_BODY, "the body must be a JSON object");
            case StreamReadException malformed ->
                    badRequest(WHOLE_BODY, "malformed JSON: " + malformed.getOriginalMessage());
            case null, default -> badRequest(WHOLE_BODY, "the body is missing or is not JSON");
        };
    }

    /** Only happens when the server shuts down mid-item; 503 tells the producer to deliver it again. */
    @ExceptionHandler(InterruptedException.class)
    ProblemDetail interrupted() {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "processing was interrupted");
    }

    private static ProblemDetail badRequest(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setProperty("field", field);
        return problem;
    }

    private static boolean hasField(JacksonException e) {
        return !e.getPath().isEmpty();
    }

    private static String field(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        return switch (type.getSimpleName()) {
            case "Long", "long", "Integer", "int" -> "a whole number";
            case "Double", "double" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            default -> "a " + type.getSimpleName();
        };
    }
}
