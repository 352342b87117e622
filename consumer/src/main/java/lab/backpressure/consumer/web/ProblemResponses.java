package lab.backpressure.consumer.web;

import lab.backpressure.consumer.processing.BatchTooLargeException;
import lab.backpressure.consumer.processing.InvalidBodyException;
import lab.backpressure.consumer.processing.InvalidHeaderException;
import lab.backpressure.consumer.processing.ItemExpiredException;
import lab.backpressure.consumer.processing.RequestShedException;
import lab.backpressure.support.problem.BadInputProblems;
import lab.backpressure.support.problem.InvalidFieldException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The consumer's own problems, next to service-support's 400 for a bad field or an unreadable body: a request
 * header at fault (named in {@code header}), a body at fault as a whole, overload (429), a batch too large (413) and
 * an item expired before its turn (410).
 * Ordered first because Spring matches an exception's causes too, advice by advice: a batch that outgrows its
 * limit while Jackson reads it arrives as an unreadable body, and must be answered 413 before the 400 sees it.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemResponses {

    private static final String HEADER = "header";

    @ExceptionHandler
    ProblemDetail invalidHeader(InvalidHeaderException e) {
        ProblemDetail problem = BadInputProblems.badRequest(null, "%s must be %s, got '%s'"
                .formatted(e.header(), e.expected(), InvalidFieldException.quote(e.value())));
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
        return BadInputProblems.badRequest(null, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail batchTooLarge(BatchTooLargeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    /**
     * Past its deadline when its slot was free, with drop_expired on: 410 Gone, titled {@code Expired}, with the item's
     * {@code id} and {@code deadline_at}. A 4xx other than 429, so no client sends it again (the producer drops it
     * as {@code expired_at_consumer}): its deadline stays past, so a retry could only be refused the same way.
     */
    @ExceptionHandler
    ProblemDetail expired(ItemExpiredException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GONE, e.getMessage());
        problem.setTitle("Expired");
        problem.setProperty("id", e.id());
        problem.setProperty("deadline_at", e.deadlineAt());
        return problem;
    }

    /** Only happens when the server shuts down mid-item; 503 tells the producer to deliver it again. */
    @ExceptionHandler(InterruptedException.class)
    ProblemDetail interrupted() {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "processing was interrupted");
    }
}
