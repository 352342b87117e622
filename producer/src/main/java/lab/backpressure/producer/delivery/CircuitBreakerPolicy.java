package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import lab.backpressure.producer.delivery.limit.DeliveryLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import static io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition.CLOSED_TO_OPEN;
import static io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition.HALF_OPEN_TO_CLOSED;
import static io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition.HALF_OPEN_TO_OPEN;
import static io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition.OPEN_TO_HALF_OPEN;

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
 * consumer answered none of them for a whole window, however few calls it holds (a small sample says little about a
 * share of failures; a window without one answer says the consumer is gone).
 * <p>
 * A permission is taken in {@link #send} just before the call and always given back: the call's result is
 * recorded, or the permission is released when the result says nothing about the consumer's health.
 * {@link #awaitPermission} takes none; it only waits while the breaker is open, or while it is half-open and has
 * already turned a call away, until a transition (or a released probe) may let one through. A worker that races
 * past it into a refusal gets {@link DeliveryResult.NotSent}, which costs no attempt, and waits here again.
 * <p>
 * Transitions are logged at INFO, counted in {@code producer_delivery_circuit_transitions_total{from,to}}, and
 * added as an event to the {@code send_to_consumer} span of the call that caused them. Resilience4j's
 * {@code resilience4j_circuitbreaker_*} meters (breaker {@code name="consumer"}) show the state and the rates.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE) // innermost, next to the HTTP call: its durations are the consumer's round trips
public final class CircuitBreakerPolicy implements DeliveryPolicy {

    /** The breaker's name in Resilience4j's meters: the service it guards. */
    static final String BREAKER_NAME = "consumer";
    private static final String ON = "on";
    private static final Logger log = LoggerFactory.getLogger(CircuitBreakerPolicy.class);
    /** Registered up front, so that Prometheus has each series from zero before it first happens. */
    private static final List<CircuitBreaker.StateTransition> LAB_TRANSITIONS =
            List.of(CLOSED_TO_OPEN, OPEN_TO_HALF_OPEN, HALF_OPEN_TO_OPEN, HALF_OPEN_TO_CLOSED);
    private static final AttributeKey<String> FROM = AttributeKey.stringKey("circuit_breaker.from");
    private static final AttributeKey<Double> FAILURE_RATE = AttributeKey.doubleKey("circuit_breaker.failure_rate");
    private static final AttributeKey<Double> SLOW_CALL_RATE = AttributeKey.doubleKey("circuit_breaker.slow_call_rate");
    /** What the breaker records as a failed call; a batch with failed items is one, as a 5xx is for one item. */
    private static final Predicate<Object> FAILED = result -> result instanceof DeliveryResult.Unavailable
            || result instanceof DeliveryResult.TimedOut || result instanceof DeliveryResult.PartlyDelivered;
    /** {@link #failingSince} while the consumer has answered the last call. */
    private static final long ANSWERING = Long.MAX_VALUE;

    /**
     * The breaker's settings (admin fields), lab-sized: the consumer does about ten items a second.
     *
     * @param circuitBreaker       {@code on} or {@code off}; off by default, so the handout's exercises run as written
     * @param breakerWindowS       the time-based sliding window the rates are computed over, in seconds
     * @param breakerMinimumCalls  calls the window must hold before a rate can open the breaker
     * @param breakerFailureRate   % of failed calls (connection error, timeout, 5xx) that opens it
     * @param breakerSlowCallMs    a call slower than this is slow. Two in flight (the default delivery limit) against
     *                             a consumer that takes one at a time already make every round trip about twice the
     *                             processing time, and the handout's slow-down (x5) makes it 1 s, so the default
     *                             sits above both: slow means beyond anything the exercises do on purpose
     * @param breakerSlowCallRate  % of slow calls that opens it; 100, so slowness alone opens it only when every call
     *                             is slow. A slow consumer that still answers is the delivery limit's and the queue
     *                             modes' business; stopping all sends to it would only lower what it gets done
     * @param breakerOpenMs        how long it stays open before letting probe calls through
     * @param breakerHalfOpenCalls probe calls whose results decide between closed and open again
     */
    @ConfigurationProperties("lab.producer.delivery")
    public record Breaker(
            @NotNull @Pattern(regexp = "on|off", message = "must be on or off") @DefaultValue("off")
            String circuitBreaker,
            @Positive @Max(3600) @DefaultValue("10") int breakerWindowS,
            @Positive @Max(10_000) @DefaultValue("10") int breakerMinimumCalls,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") @DefaultValue("50")
            double breakerFailureRate,
            @Positive @Max(60_000) @DefaultValue("2000") long breakerSlowCallMs,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") @DefaultValue("100")
            double breakerSlowCallRate,
            @Positive @Max(3_600_000) @DefaultValue("5000") long breakerOpenMs,
            @Positive @Max(DeliveryLimiter.MAX_WORKERS) @DefaultValue("3") int breakerHalfOpenCalls)
            implements AdminSettings {

        CircuitBreakerConfig toConfig() {
            return CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                    .slidingWindowSize(breakerWindowS)
                    .minimumNumberOfCalls(breakerMinimumCalls)
                    .failureRateThreshold((float) breakerFailureRate)
                    .slowCallDurationThreshold(Duration.ofMillis(breakerSlowCallMs))
                    .slowCallRateThreshold((float) breakerSlowCallRate)
                    .waitDurationInOpenState(Duration.ofMillis(breakerOpenMs))
                    .permittedNumberOfCallsInHalfOpenState(breakerHalfOpenCalls)
                    // half-open on time even when no worker asks, so state and waiters follow breaker_open_ms
                    .automaticTransitionFromOpenToHalfOpenEnabled(true)
                    .recordResult(FAILED)
                    .build();
        }

        /** The longest backoff that still gives a window its minimum calls from one worker alone. */
        Duration longestBackoff() {
            return Duration.ofSeconds(breakerWindowS).dividedBy(breakerMinimumCalls);
        }
    }

    private final Settings settings;
    private final MeterRegistry meters;
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition mayPermit = lock.newCondition();
    private volatile CircuitBreaker breaker;
    private volatile long stateSinceNanos;
    /** Moves (under the lock) whenever a call may newly be permitted: a transition, a released probe, a rebuild. */
    private volatile long epoch;
    /** The latest epoch in which the breaker turned a call away; guarded by the lock. */
    private long refusedInEpoch = -1;
    /** When the consumer last answered a call (nanos), or the breaker started; guarded by the lock. */
    private long answeredAt;
    /**
     * Since when calls have failed without an answer (nanos): the start of the earliest failed call since the last
     * answer, or that answer if the call started before it; {@link #ANSWERING} if none failed since. Guarded by the lock.
     */
    private long failingSince = ANSWERING;

    public CircuitBreakerPolicy(Settings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        LAB_TRANSITIONS.forEach(this::transitions);
        this.breaker = newBreaker();
        this.stateSinceNanos = System.nanoTime();
        this.answeredAt = stateSinceNanos;
    }

    @Override
    public void awaitPermission() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (breaker.getState() == CircuitBreaker.State.OPEN || refusedInEpoch == epoch) {
                mayPermit.await();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DeliveryResult send(TakenBatch taken, Next next) throws InterruptedException {
        CircuitBreaker current = breaker;
        long epochSeen = epoch;
        if (!current.tryAcquirePermission()) {
            refused(epochSeen);
            return new DeliveryResult.NotSent("not sent: the circuit breaker is " + name(current.getState()));
        }
        long start = System.nanoTime();
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
        Breaker chosen = settings.get(Breaker.class);
        return ON.equals(chosen.circuitBreaker()) ? chosen.longestBackoff() : DeliveryPolicy.super.longestBackoff();
    }

    /** Gives the permission back on the breaker it came from: recorded as success or failure, or released. */
    private void settle(CircuitBreaker permitting, DeliveryResult result, long start) {
        switch (result) {
            // stopping mid-call, a throttle (flow control) or an inner policy's refusal: nothing to judge health by
            case null -> released(permitting);
            case DeliveryResult.Throttled _, DeliveryResult.NotSent _ -> released(permitting);
            default -> {
                permitting.onResult(System.nanoTime() - start, TimeUnit.NANOSECONDS, result);
                if (unansweredForAWindow(FAILED.test(result), start) && permitting == breaker
                        && permitting.getState() == CircuitBreaker.State.CLOSED) {
                    permitting.transitionToOpenState();
                }
            }
        }
    }

    /** Books an answer, or a call that failed, started at {@code start}; answers whether a window passed unanswered. */
    private boolean unansweredForAWindow(boolean failed, long start) {
        long now = System.nanoTime();
        lock.lock();
        try {
            if (!failed) {
                answeredAt = now;
                failingSince = ANSWERING;
                return false;
            }
            failingSince = Math.min(failingSince, Math.max(start, answeredAt));
            return now - failingSince >= TimeUnit.SECONDS.toNanos(settings.get(Breaker.class).breakerWindowS());
        } finally {
            lock.unlock();
        }
    }

    private void released(CircuitBreaker permitting) {
        permitting.releasePermission();
        permitMayBeFree();
    }

    private void refused(long epochSeen) {
        lock.lock();
        try {
            refusedInEpoch = Math.max(refusedInEpoch, epochSeen);
        } finally {
            lock.unlock();
        }
    }

    /** {@code /status.delivery.circuit}: the state, the window's rates (-1 until it holds the minimum calls). */
    @Override
    public Map<String, Object> status() {
        CircuitBreaker current = breaker;
        CircuitBreaker.Metrics metrics = current.getMetrics();
        Map<String, Object> circuit = new LinkedHashMap<>();
        circuit.put("state", name(current.getState()));
        circuit.put("failure_rate", (double) metrics.getFailureRate());
        circuit.put("slow_call_rate", (double) metrics.getSlowCallRate());
        circuit.put("buffered_calls", metrics.getNumberOfBufferedCalls());
        circuit.put("failed_calls", metrics.getNumberOfFailedCalls());
        circuit.put("not_permitted_calls", metrics.getNumberOfNotPermittedCalls());
        circuit.put("time_in_state_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stateSinceNanos));
        return Map.of("circuit", circuit);
    }

    /** New settings, or on/off: a new breaker, closed (or disabled), and every waiting worker re-checks. */
    @EventListener
    void settingsChanged(SettingsChanged change) {
        if (change.changed(Breaker.class)) {
            breaker = newBreaker();
            stateSinceNanos = System.nanoTime();
            lock.lock();
            try {
                answeredAt = stateSinceNanos;
                failingSince = ANSWERING;
            } finally {
                lock.unlock();
            }
            permitMayBeFree();
        }
    }

    private CircuitBreaker newBreaker() {
        Breaker chosen = settings.get(Breaker.class);
        // remove and add, so that the Resilience4j meters follow the new breaker
        breakers.remove(BREAKER_NAME);
        CircuitBreaker fresh = breakers.circuitBreaker(BREAKER_NAME, chosen.toConfig());
        if (!ON.equals(chosen.circuitBreaker())) {
            fresh.transitionToDisabledState();
        }
        fresh.getEventPublisher().onStateTransition(event -> transitioned(fresh, event));
        return fresh;
    }

    /**
     * Runs on the thread that caused it: a worker's call, whose {@code send_to_consumer} span is current, or for
     * open to half-open Resilience4j's scheduler, where there is no span. An open breaker still holds the window
     * that opened it, so its rates are the reason; a closed or half-open one starts a new window.
     */
    private void transitioned(CircuitBreaker from, CircuitBreakerOnStateTransitionEvent event) {
        if (from != breaker) {
            // a replaced breaker's late transition: its scheduled half-open, or a call that ended after the change
            return;
        }
        CircuitBreaker.StateTransition transition = event.getStateTransition();
        String before = name(transition.getFromState());
        transitions(transition).increment();
        if (transition.getToState() == CircuitBreaker.State.OPEN) {
            CircuitBreaker.Metrics why = from.getMetrics();
            log.info("Circuit breaker {} -> open: {} of {} calls to the consumer failed ({} %), {} % were slow,"
                            + " no answer for {} ms; no deliveries for {} ms", before, why.getNumberOfFailedCalls(),
                    why.getNumberOfBufferedCalls(), why.getFailureRate(), why.getSlowCallRate(), unansweredMs(),
                    settings.get(Breaker.class).breakerOpenMs());
            Span.current().addEvent("circuit_breaker.opened", Attributes.of(FROM, before,
                    FAILURE_RATE, (double) why.getFailureRate(), SLOW_CALL_RATE, (double) why.getSlowCallRate()));
        } else {
            String after = name(transition.getToState());
            log.info("Circuit breaker {} -> {}", before, after);
            Span.current().addEvent("circuit_breaker." + after, Attributes.of(FROM, before));
        }
        stateSinceNanos = System.nanoTime();
        permitMayBeFree();
    }

    /** How long calls have failed without an answer, 0 while the consumer answers. */
    private long unansweredMs() {
        lock.lock();
        try {
            return failingSince == ANSWERING ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failingSince);
        } finally {
            lock.unlock();
        }
    }

    private void permitMayBeFree() {
        lock.lock();
        try {
            epoch++;
            mayPermit.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Counter transitions(CircuitBreaker.StateTransition transition) {
        return Counter.builder("producer.delivery.circuit.transitions")
                .description("State transitions of the circuit breaker around delivery")
                .tag("from", name(transition.getFromState()))
                .tag("to", name(transition.getToState()))
                .register(meters);
    }

    /** A state as the API, the meters and the logs spell it: {@code closed}, {@code open}, {@code half_open}, ... */
    private static String name(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
