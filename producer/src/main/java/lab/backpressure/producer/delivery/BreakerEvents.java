package lab.backpressure.producer.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transition as people see it: an INFO log line, and an event on the current span, which is the
 * {@code send_to_consumer} span of the call that caused it (none for open to half-open, which Resilience4j's
 * scheduler makes). An open breaker still holds the window that opened it, so its rates are the reason.
 */
final class BreakerEvents {

    /** The policy's logger: the lines keep the category they have always had, which log filters may name. */
    private static final Logger log = LoggerFactory.getLogger(CircuitBreakerPolicy.class);
    private static final AttributeKey<String> FROM = AttributeKey.stringKey("circuit_breaker.from");
    private static final AttributeKey<Double> FAILURE_RATE = AttributeKey.doubleKey("circuit_breaker.failure_rate");
    private static final AttributeKey<Double> SLOW_CALL_RATE = AttributeKey.doubleKey("circuit_breaker.slow_call_rate");

    private BreakerEvents() {
    }

    /**
     * @param why          the breaker's window as it made the transition
     * @param unansweredMs how long calls had failed without an answer
     * @param openMs       how long it now stays open, if it opened
     */
    static void transitioned(CircuitBreaker.StateTransition transition, CircuitBreaker.Metrics why, long unansweredMs,
                             long openMs) {
        String before = Resilience4jBreakers.name(transition.getFromState());
        if (transition.getToState() == CircuitBreaker.State.OPEN) {
            log.info("Circuit breaker {} -> open: {} of {} calls to the consumer failed ({} %), {} % were slow,"
                            + " no answer for {} ms; no deliveries for {} ms", before, why.getNumberOfFailedCalls(),
                    why.getNumberOfBufferedCalls(), why.getFailureRate(), why.getSlowCallRate(), unansweredMs, openMs);
            Span.current().addEvent("circuit_breaker.opened", Attributes.of(FROM, before,
                    FAILURE_RATE, (double) why.getFailureRate(), SLOW_CALL_RATE, (double) why.getSlowCallRate()));
        } else {
            String after = Resilience4jBreakers.name(transition.getToState());
            log.info("Circuit breaker {} -> {}", before, after);
            Span.current().addEvent("circuit_breaker." + after, Attributes.of(FROM, before));
        }
    }
}
