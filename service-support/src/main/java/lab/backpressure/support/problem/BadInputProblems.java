package lab.backpressure.support.problem;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Bad input answers 400 {@code application/problem+json} (RFC 9457) with a {@code field} property naming the JSON
 * field at fault ({@code [3].id} for the fourth item of an array), and no {@code field} when the body as a whole is
 * at fault; whether the body could not be read as the request type or its values break a rule.
 * <p>
 * Ordered just before Spring Boot's generic problem-details handler (order 0), which would answer an unreadable
 * body too, in Spring's words and naming no field; it still answers everything else (404, 405, 415 ...). A
 * service's own handlers for its own exceptions need no order, unless they must see one of these first (the
 * consumer's 413 for a batch that outgrows its limit while Jackson reads it): those order themselves earlier.
 */
@RestControllerAdvice
@Order(-1)
public class BadInputProblems {

    private static final String FIELD = "field";
    private static final String TITLE = "Invalid request";

    /** A 400 in this convention, also for a service's own bad-input exceptions (a header, a whole body). */
    public static ProblemDetail badRequest(@Nullable String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle(TITLE);
        if (field != null) {
            problem.setProperty(FIELD, field);
        }
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalidField(InvalidFieldException e) {
        return badRequest(e.field(), e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unreadableBody(HttpMessageNotReadableException e) {
        UnreadableBody unreadable = UnreadableBody.of(e);
        return badRequest(unreadable.field(), unreadable.detail());
    }

    /**
     * A query parameter (or header) that does not convert to its type, {@code ?dry_run=maybe}: named as the field,
     * in the same words as a JSON field of that type, where Spring's own answer would name a Java type.
     */
    @ExceptionHandler
    ProblemDetail mismatchedParameter(MethodArgumentTypeMismatchException e) {
        return badRequest(e.getName(), "%s must be %s, got '%s'".formatted(e.getName(),
                UnreadableBody.expected(e.getRequiredType()), InvalidFieldException.quote(e.getValue())));
    }
}
