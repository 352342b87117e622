package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * The lab's breaker settings as a Resilience4j breaker: the one breaker named {@value #BREAKER_NAME} in a registry of
 * its own, replaced whole whenever the settings change.
 */
final class Resilience4jBreakers {

    /** The breaker's name in Resilience4j's meters: the service it guards. */
    static final String BREAKER_NAME = "consumer";
    /** What the breaker records as a failed call; a batch with failed items is one, as a 5xx is for one item. */
    static final Predicate<Object> FAILED = result -> result instanceof DeliveryResult.Unavailable
            || result instanceof DeliveryResult.TimedOut || result instanceof DeliveryResult.PartlyDelivered;

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    CircuitBreakerRegistry registry() {
        return registry;
    }

    /** A new breaker for {@code settings}, closed, or disabled while off; removed and added, so meters follow it. */
    CircuitBreaker replace(BreakerSettings settings) {
        registry.remove(BREAKER_NAME);
        CircuitBreaker fresh = registry.circuitBreaker(BREAKER_NAME, config(settings));
        if (!settings.switchedOn()) {
            fresh.transitionToDisabledState();
        }
        return fresh;
    }

    static CircuitBreakerConfig config(BreakerSettings settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize(settings.breakerWindowS())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold((float) settings.breakerFailureRate())
                .slowCallDurationThreshold(Duration.ofMillis(settings.breakerSlowCallMs()))
                .slowCallRateThreshold((float) settings.breakerSlowCallRate())
                .waitDurationInOpenState(Duration.ofMillis(settings.breakerOpenMs()))
                .permittedNumberOfCallsInHalfOpenState(settings.breakerHalfOpenCalls())
                // half-open on time even when no worker asks, so state and waiters follow breaker_open_ms
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordResult(FAILED)
                .build();
    }

    /** A state as the API, the meters and the logs spell it: {@code closed}, {@code open}, {@code half_open}, ... */
    static String name(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
