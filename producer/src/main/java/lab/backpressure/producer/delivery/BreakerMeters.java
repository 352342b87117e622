package lab.backpressure.producer.delivery;

import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import static io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition.CLOSED_TO_OPEN;
import static io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition.HALF_OPEN_TO_CLOSED;
import static io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition.HALF_OPEN_TO_OPEN;
import static io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition.OPEN_TO_HALF_OPEN;

/**
 * The breaker's meters: Resilience4j's {@code resilience4j_circuitbreaker_*} over the registry's breaker (the same
 * metrics {@code /status.delivery.circuit} reads), and {@code producer_delivery_circuit_transitions_total{from,to}}.
 */
final class BreakerMeters implements MeterBinder {

    /** Registered up front, so that Prometheus has each series from zero before it first happens. */
    private static final List<CircuitBreaker.StateTransition> LAB_TRANSITIONS =
            List.of(CLOSED_TO_OPEN, OPEN_TO_HALF_OPEN, HALF_OPEN_TO_OPEN, HALF_OPEN_TO_CLOSED);

    private final CircuitBreakerRegistry breakers;
    private volatile MeterRegistry bound;

    BreakerMeters(CircuitBreakerRegistry breakers) {
        this.breakers = breakers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bound = registry;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        LAB_TRANSITIONS.forEach(this::counter);
    }

    void transitioned(CircuitBreaker.StateTransition transition) {
        counter(transition).increment();
    }

    private Counter counter(CircuitBreaker.StateTransition transition) {
        return Counter.builder("producer.delivery.circuit.transitions")
                .description("State transitions of the circuit breaker around delivery")
                .tag("from", Resilience4jBreakers.name(transition.getFromState()))
                .tag("to", Resilience4jBreakers.name(transition.getToState()))
                .register(bound);
    }
}
