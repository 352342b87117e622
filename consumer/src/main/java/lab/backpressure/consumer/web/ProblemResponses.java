package lab.backpressure.consumer.web;

import lab.backpressure.consumer.processing.BatchTooLargeException;
import lab.backpressure.consumer.processing.InvalidBodyException;
import lab.backpressure.consumer.processing.InvalidFieldException;
import lab.backpressure.consumer.processing.RequestShedException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns bad input and overload into RFC 9457 problems. A 400 names the JSON field at fault in the
 * {@code field} property ({@code [3].id} for the fourth item of a batch), or the request header at fault in
 * {@code header}; when the body as a whole is at fault there is neither. Ordered first so that it wins over
 * Spring Boot's generic problem-details handler, which still answers everything else (404, 405, 415 ...).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemResponses {

    private static final String FIELD = "field";
    private static final String HEADER = "header";

    @ExceptionHandler
    ProblemDetail invalidField(InvalidFieldException e) {
        return badRequest(e.field(), e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalidHeader(InvalidHeaderException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "%s must be %s, got '%s'".formatted(e.header(), e.expected(), Excerpt.of(e.value())));
        problem.setProperty(HEADER, e.header());
        return problem;
    }

    /** Shed before its body was read; Retry-After says when the work ahead will probably be done. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> shed(RequestShedException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage()));
    }

    @ExceptionHandler
    ProblemDetail invalidBody(InvalidBodyException e) {
        return badRequest(null, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail batchTooLarge(BatchTooLargeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unreadableBody(HttpMessageNotReadableException e) {
        // a batch body that outgrows its limit while Jackson reads an item arrives wrapped in Jackson's exception
        if (NestedExceptionUtils.getMostSpecificCause(e) instanceof BatchTooLargeException tooLarge) {
            return batchTooLarge(tooLarge);
        }
        UnreadableBody unreadable = UnreadableBody.of(e);
        return badRequest(unreadable.field(), unreadable.detail());
    }

    /** Only happens when the server shuts down mid-item; 503 tells the producer to deliver it again. */
    @ExceptionHandler(InterruptedException.class)
    ProblemDetail interrupted() {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "processing was interrupted");
    }

    private static ProblemDetail badRequest(@Nullable String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        if (field != null) {
            problem.setProperty(FIELD, field);
        }
        return problem;
    }
}
