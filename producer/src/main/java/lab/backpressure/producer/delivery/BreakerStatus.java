package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** {@code /status.delivery.circuit}: the state, the window's rates (-1 until it holds the minimum calls). */
final class BreakerStatus {

    private BreakerStatus() {
    }

    static Map<String, Object> of(CircuitBreaker breaker, Duration inState) {
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        Map<String, Object> circuit = new LinkedHashMap<>();
        circuit.put("state", Resilience4jBreakers.name(breaker.getState()));
        circuit.put("failure_rate", (double) metrics.getFailureRate());
        circuit.put("slow_call_rate", (double) metrics.getSlowCallRate());
        circuit.put("buffered_calls", metrics.getNumberOfBufferedCalls());
        circuit.put("failed_calls", metrics.getNumberOfFailedCalls());
        circuit.put("not_permitted_calls", metrics.getNumberOfNotPermittedCalls());
        circuit.put("time_in_state_ms", inState.toMillis());
        return Map.of("circuit", circuit);
    }
}
