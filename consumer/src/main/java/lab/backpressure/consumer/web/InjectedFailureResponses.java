package lab.backpressure.consumer.web;

import jakarta.servlet.http.HttpServletRequest;
import lab.backpressure.consumer.processing.FailureMode;
import lab.backpressure.consumer.processing.InjectedFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * How a {@code /process} request chosen by failure injection ends: {@code error} and {@code timeout}
 * (once its hold is over, long after the producer gave up) answer 500 problem+json with the mode in
 * {@code failure_mode}; {@code reset} answers nothing at all, its connection is closed.
 */
@RestControllerAdvice
class InjectedFailureResponses {

    private static final String FAILURE_MODE = "failure_mode";

    @ExceptionHandler
    ResponseEntity<ProblemDetail> injectedFailure(InjectedFailureException e, HttpServletRequest request) {
        if (e.mode() == FailureMode.RESET) {
            ConnectionReset.closeWithoutAnswer(request);
            // a null entity writes nothing, leaving the response uncommitted for the valve to drop
            return null;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        problem.setProperty(FAILURE_MODE, e.mode());
        return ResponseEntity.internalServerError().body(problem);
    }
}
