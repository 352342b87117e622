package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Sets its own production rate from what downstream does, so production converges on the consumer's capacity
 * with no hand-typed {@code rate_limit}, whatever {@code delivery_limit} is behind it. It starts at
 * {@code production_rate}, never goes above it, and never below {@link #MIN_RATE}.
 * <p>
 * It reads only what the consumer does, never what delivery does, because delivery moves with an adaptive
 * {@code delivery_limit}: the items it takes per second follow the limit (none while a limit shrinks, a burst
 * while one grows), and the wait in the producer's queue is only part of the backlog (a limit that grows keeps the
 * queue empty and parks the backlog at the consumer, in flight). So, once per interval ({@link #INTERVALS_PER_TARGET}
 * × {@code target_wait_ms}, so a time-compressed run compresses it too):
 * <ul>
 * <li>the <em>delivered rate</em>: the consumer's answers per second over the last {@link #DELIVERY_WINDOW}
 * intervals (TCP Westwood's ACK rate), which is its capacity while there is a backlog, whatever the limit does;</li>
 * <li>the <em>standing backlog</em>: the fewest items, queued or in flight, that stood ahead of an item taken in
 * the interval (CoDel's minimum: a burst that passes is no backlog, one that stays is), less the one the consumer
 * is busy with, converted to a wait by the delivered rate.</li>
 * </ul>
 * A standing wait over {@code target_wait_ms} drains: the rate goes down to the delivered rate less the excess
 * wait spread over a {@link #HORIZON_TARGETS}-target horizon (never below {@link #DEEPEST_DRAIN} of it, never up
 * while over target). Under target, with no throttle in the interval, it probes up by the share of the target
 * still free over the same horizon, at most {@link #MAX_PROBE} of the rate, and at once to {@link #RESUME} of the
 * rate the consumer delivered the last time a backlog stood (the drain is then over in one step, not climbed back):
 * a step relative to the rate and an interval relative to the target, so the climb takes as many intervals at any
 * capacity and any speed. It settles where the standing wait is the target, with the consumer never idle. A
 * throttle (429 or 503 with {@code Retry-After}) cuts the
 * rate by {@link #DECREASE} at once, unless it was cut less than one interval ago: one burst of throttles is one
 * cut.
 * <p>
 * The generator is held to the rate by {@link RatePermits}; a {@code POST /produce} burst gets only the permits
 * free at that instant, the rest rejected as {@code adaptive_limited}. Nothing queued is lost. The rate is
 * {@code producer_adaptive_rate} (-1 while another mode decides) and {@code adaptive_rate} in {@code /status.queue}.
 * Every hook but the permits runs under the ledger's lock, which guards the fields below.
 */
@Component
final class AdaptiveMode implements QueueMode, MeterBinder {

    public static final String NAME = "adaptive";
    public static final RejectionReason ADAPTIVE_LIMITED = new RejectionReason("adaptive_limited");

    /**
     * The interval in target waits: 500 ms at the default 200 ms, several answers at the handout's 10 items/s, so
     * the delivered rate is measured on more than one, yet a 10× overload is cut within a second.
     */
    static final double INTERVALS_PER_TARGET = 2.5;
    /**
     * The horizon over which a wait off target is made up, in target waits: four intervals, so a standing wait of
     * twice the target is cut by a tenth of the delivered rate, and the rate does not swing past the capacity and
     * back on one late reading.
     */
    static final double HORIZON_TARGETS = 10;
    /**
     * Intervals the delivered rate is measured over: a few answers even at the handout's capacity slowed 5× (2/s),
     * where one interval sees one answer or none, yet a change of capacity shows within two seconds.
     */
    static final int DELIVERY_WINDOW = 4;
    /** The largest probe per interval: a doubled capacity is found in 8 intervals (4 s at the default target). */
    static final double MAX_PROBE = 0.1;
    /**
     * The deepest drain, as a share of the delivered rate: a backlog keeps the consumer busy at any production
     * rate, so a deep drain costs no goodput, and a backlog of seconds (the first interval at a
     * {@code production_rate} far above the capacity) is gone in seconds.
     */
    static final double DEEPEST_DRAIN = 0.25;
    /**
     * Under target again, the rate resumes at this share of the consumer's pace while it was busy (BBR's idea: the
     * rate delivered with a backlog standing is the capacity), rather than probing its way up from the drain.
     */
    static final double RESUME = 0.95;
    /** A throttle's cut: gentle, as a burst of throttles is one cut per interval and the wait does the rest. */
    static final double DECREASE = 0.9;
    /** Above zero, so items keep reaching the consumer and can show the wait is back under target. */
    static final double MIN_RATE = 0.5;

    private static final double MILLIS_PER_SECOND = TimeUnit.SECONDS.toMillis(1);
    private static final long NEVER = Long.MIN_VALUE;
    private static final int INACTIVE = -1;
    /** {@code adaptive_rate} in {@code /status} to two decimals: cuts leave long fractions nobody reads. */
    private static final double HUNDREDTHS = 100.0;

    /** @param targetWaitMs the standing wait the rate is held at: 2 × the handout's 100 ms per item */
    @ConfigurationProperties("lab.producer.modes.adaptive")
    public record Target(@Positive @Max(3_600_000) @DefaultValue("200") long targetWaitMs) implements AdminSettings {
    }

    /** {@link QueueView#delivered()} at epoch millis {@code at}. */
    private record Reading(long at, long delivered) {
    }

    private final Settings settings;
    private final ProductionCeiling ceiling;
    private final RatePermits permits = new RatePermits();
    private volatile boolean active;
    private volatile double rate;
    private long intervalStart = NEVER;
    /** The consumer's answers so far at the start of each of the last {@link #DELIVERY_WINDOW} intervals. */
    private final Deque<Reading> readings = new ArrayDeque<>();
    private long standingBacklog;
    /** The delivered rate the last time a backlog stood through an interval; 0 until one has. */
    private double busyRate;
    private boolean throttledInInterval;
    private long lastCutAt = NEVER;

    public AdaptiveMode(Settings settings, ProductionCeiling ceiling) {
        this.settings = settings;
        this.ceiling = ceiling;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Admission admit(Admitting item) {
        return item.append();
    }

    @Override
    public Admission admitBurstItem(Admitting item) {
        return permits.tryAcquire(currentRate()) ? item.append() : item.reject(ADAPTIVE_LIMITED);
    }

    @Override
    public Optional<Duration> awaitProductionPermit(QueueWatch queue) throws InterruptedException {
        return Optional.of(permits.await(this::currentRate));
    }

    @Override
    public void beforeTake(QueueView queue, long now) {
        // what stands ahead of the item about to be taken, wherever delivery keeps it
        long ahead = queue.size() - 1 + queue.inFlight();
        if (intervalStart == NEVER) {
            startInterval(now, queue, ahead);
            return;
        }
        standingBacklog = Math.min(standingBacklog, ahead);
        if (now - intervalStart < intervalMs()) {
            return;
        }
        Reading oldest = readings.getFirst();
        double deliveredPerSecond = (queue.delivered() - oldest.delivered()) * MILLIS_PER_SECOND / (now - oldest.at());
        double target = targetWaitMs() / MILLIS_PER_SECOND;
        double horizon = HORIZON_TARGETS * target;
        // the first item ahead is the one the consumer is busy with: its wait is the consumer working, not a backlog
        double standingWait = standingBacklog <= 1 ? 0
                : deliveredPerSecond == 0 ? Double.POSITIVE_INFINITY : (standingBacklog - 1) / deliveredPerSecond;
        if (standingBacklog > 0) {
            busyRate = deliveredPerSecond; // the consumer never ran out of work: its pace is its capacity
        }
        if (standingWait > target) {
            double drain = deliveredPerSecond * Math.max(DEEPEST_DRAIN, 1 - (standingWait - target) / horizon);
            setRate(Math.min(currentRate(), drain));
        } else if (!throttledInInterval) {
            double probe = currentRate() * (1 + Math.min(MAX_PROBE, (target - standingWait) / horizon));
            setRate(Math.max(probe, RESUME * busyRate));
        }
        startInterval(now, queue, ahead);
    }

    @Override
    public void throttled(long now) {
        throttledInInterval = true;
        if (lastCutAt == NEVER || now - lastCutAt >= intervalMs()) {
            setRate(currentRate() * DECREASE);
            lastCutAt = now;
        }
    }

    @Override
    public void activate() {
        rate = ceiling();
        intervalStart = NEVER;
        readings.clear();
        busyRate = 0;
        lastCutAt = NEVER;
        throttledInInterval = false;
        active = true;
    }

    @Override
    public void deactivate() {
        active = false;
    }

    private void startInterval(long now, QueueView queue, long ahead) {
        intervalStart = now;
        if (readings.size() == DELIVERY_WINDOW) {
            readings.removeFirst();
        }
        readings.addLast(new Reading(now, queue.delivered()));
        standingBacklog = ahead;
        throttledInInterval = false;
    }

    private long targetWaitMs() {
        return settings.get(Target.class).targetWaitMs();
    }

    private long intervalMs() {
        return Math.round(INTERVALS_PER_TARGET * targetWaitMs());
    }

    private void setRate(double next) {
        rate = Math.min(ceiling(), Math.max(MIN_RATE, next));
    }

    /** The rate, under a {@code production_rate} that may have been lowered since it was set. */
    private double currentRate() {
        return Math.min(rate, ceiling());
    }

    private double ceiling() {
        return ceiling.itemsPerSecond();
    }

    @Override
    public Set<RejectionReason> rejectionReasons() {
        return Set.of(ADAPTIVE_LIMITED);
    }

    @Override
    public Map<String, Object> status() {
        return Map.of("adaptive_rate", Math.round(currentRate() * HUNDREDTHS) / HUNDREDTHS,
                "target_wait_ms", targetWaitMs());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("producer.adaptive.rate", this, mode -> mode.active ? mode.currentRate() : INACTIVE)
                .description("Items/s the adaptive mode lets the generator produce; -1 while another mode decides")
                .register(registry);
    }
}
