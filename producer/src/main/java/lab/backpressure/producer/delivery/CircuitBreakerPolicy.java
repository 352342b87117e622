package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.micrometer.core.instrument.MeterRegistry;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A circuit breaker around delivery (Resilience4j), switched by {@code circuit_breaker} {@code on|off}. While the
 * consumer fails (connection errors, timeouts, 5xx, a batch with failed items) for at least
 * {@code breaker_failure_rate} % of the calls in a {@code breaker_window_s} window, or every call is slower than
 * {@code breaker_slow_call_ms}, the breaker opens: for {@code breaker_open_ms} no worker sends, so the items stay in
 * the queue and the queue mode decides about new ones. Then {@code breaker_half_open_calls} probe calls decide
 * whether it closes or opens again. A throttle is flow control and never counts; a 4xx refusal (413 included) is a
 * healthy consumer answering, so it counts as a success. Off is Resilience4j's disabled state: every call passes,
 * nothing is recorded.
 * <p>
 * Resilience4j judges a rate only once the window holds {@code breaker_minimum_calls}, and a dead consumer may never
 * give it that many: two delivery slots backing off to 5 s make 4 calls in 10 s, two requests held for a 30 s request
 * timeout make 2 calls in 30 s. So two rules of the lab's own make sure such a consumer is seen: while the breaker
 * is on, the shared backoff grows to at most {@code breaker_window_s} ÷ {@code breaker_minimum_calls}, so that even
 * one worker's retries give a window its minimum; and a breaker that is closed opens when calls failed and the
 * consumer answered none of them for a whole window ({@link SilentWindow}), however few calls it holds (a small
 * sample says little about a share of failures; a window without one answer says the consumer is gone).
 * <p>
 * A permission is taken in {@link #send} just before the call and always given back: the call's result is
 * recorded, or the permission is released when the result says nothing about the consumer's health.
 * {@link #awaitPermission} takes none; it only waits ({@link BreakerPermits}) while the breaker is open, or while it
 * is half-open and has already turned a call away, until a transition (or a released probe) may let one through. A
 * worker that races past it into a refusal gets {@link DeliveryResult.NotSent}, which costs no attempt, and waits
 * here again.
 * <p>
 * The pieces: {@link BreakerSettings} (the admin fields), {@link Resilience4jBreakers} (their mapping),
 * {@link BreakerStatus} ({@code /status}), {@link BreakerMeters} and {@link BreakerEvents} (logs and span events).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE) // innermost, next to the HTTP call: its durations are the consumer's round trips
final class CircuitBreakerPolicy implements DeliveryPolicy {

    private final Settings settings;
    private final Resilience4jBreakers breakers = new Resilience4jBreakers();
    private final BreakerMeters meters = new BreakerMeters(breakers.registry());
    private final BreakerPermits permits = new BreakerPermits();
    private final SilentWindow silence = new SilentWindow(System::nanoTime);
    private volatile CircuitBreaker breaker;
    private volatile long stateSinceNanos;

    CircuitBreakerPolicy(Settings settings, MeterRegistry registry) {
        this.settings = settings;
        meters.bindTo(registry);
        this.breaker = newBreaker();
        this.stateSinceNanos = silence.now();
    }

    @Override
    public void awaitPermission() throws InterruptedException {
        permits.await(() -> breaker.getState() == CircuitBreaker.State.OPEN);
    }

    @Override
    public DeliveryResult send(TakenBatch taken, Next next) throws InterruptedException {
        CircuitBreaker current = breaker;
        long epochSeen = permits.epoch();
        if (!current.tryAcquirePermission()) {
            permits.refused(epochSeen);
            return new DeliveryResult.NotSent("not sent: the circuit breaker is "
                    + Resilience4jBreakers.name(current.getState()));
        }
        long start = silence.now();
        DeliveryResult result = null;
        try {
            result = next.send(taken);
            return result;
        } finally {
            settle(current, result, start);
        }
    }

    /**
     * While on, the backoff stops growing where it would leave the window short of its minimum calls: the
     * breaker, not the backoff, spares a dead consumer then.
     */
    @Override
    public Duration longestBackoff() {
        BreakerSettings chosen = settings.get(BreakerSettings.class);
        return chosen.switchedOn() ? chosen.longestBackoff() : DeliveryPolicy.super.longestBackoff();
    }

    /** Gives the permission back on the breaker it came from: recorded as success or failure, or released. */
    private void settle(CircuitBreaker permitting, DeliveryResult result, long start) {
        switch (result) {
            // stopping mid-call, a throttle (flow control) or an inner policy's refusal: nothing to judge health by
            case null -> released(permitting);
            case DeliveryResult.Throttled _, DeliveryResult.NotSent _ -> released(permitting);
            default -> {
                permitting.onResult(silence.now() - start, TimeUnit.NANOSECONDS, result);
                boolean silent = silence.silentFor(settings.get(BreakerSettings.class).window(),
                        Resilience4jBreakers.FAILED.test(result), start);
                if (silent && permitting == breaker && permitting.getState() == CircuitBreaker.State.CLOSED) {
                    permitting.transitionToOpenState();
                }
            }
        }
    }

    private void released(CircuitBreaker permitting) {
        permitting.releasePermission();
        permits.mayBeFree();
    }

    @Override
    public Map<String, Object> status() {
        CircuitBreaker current = breaker;
        return BreakerStatus.of(current, Duration.ofNanos(silence.now() - stateSinceNanos));
    }

    /** New settings, or on/off: a new breaker, closed (or disabled), and every waiting worker re-checks. */
    @EventListener
    void settingsChanged(SettingsChanged change) {
        if (change.changed(BreakerSettings.class)) {
            breaker = newBreaker();
            stateSinceNanos = silence.now();
            silence.restart();
            permits.mayBeFree();
        }
    }

    private CircuitBreaker newBreaker() {
        CircuitBreaker fresh = breakers.replace(settings.get(BreakerSettings.class));
        fresh.getEventPublisher().onStateTransition(event -> transitioned(fresh, event));
        return fresh;
    }

    /**
     * Runs on the thread that caused it: a worker's call, whose {@code send_to_consumer} span is current, or for
     * open to half-open Resilience4j's scheduler.
     */
    private void transitioned(CircuitBreaker from, CircuitBreakerOnStateTransitionEvent event) {
        if (from != breaker) {
            // a replaced breaker's late transition: its scheduled half-open, or a call that ended after the change
            return;
        }
        CircuitBreaker.StateTransition transition = event.getStateTransition();
        meters.transitioned(transition);
        BreakerEvents.transitioned(transition, from.getMetrics(), silence.unansweredMs(),
                settings.get(BreakerSettings.class).breakerOpenMs());
        stateSinceNanos = silence.now();
        permits.mayBeFree();
    }
}
