package lab.backpressure.producer.queue;

import java.time.Duration;
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
import lab.backpressure.producer.generator.ProductionSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Sets its own production rate from what downstream says, so production converges on the consumer's capacity
 * with no hand-typed {@code rate_limit}: AIMD on the rate, as TCP does on its window. It starts at
 * {@code production_rate}, never goes above it, and never below {@link #MIN_RATE}.
 * <ul>
 * <li>A throttle (429 or 503 with {@code Retry-After}) cuts the rate by {@link #DECREASE} at once, unless it was
 * cut less than one {@link #INTERVAL} ago: one burst of throttles is one cut.</li>
 * <li>Once per interval the wait of the item at the head of the queue decides. Over {@code target_wait_ms} while
 * the queue is not shrinking: cut to {@link #DECREASE} × the rate the consumer took items at during the
 * interval (TCP Westwood's idea), which lands just below its capacity in one step however far above it the rate
 * was. Over target while the queue shrinks: hold, the rate is below capacity already and the backlog drains (the
 * head's wait lags the rate by a whole queue, so cutting on it would cut again and again for one overload). At or
 * under target, with no throttle in the interval: add {@link #INCREASE_STEP}, probing for more.</li>
 * </ul>
 * The generator is held to the rate by {@link RatePermits}; a {@code POST /produce} burst gets only the permits
 * free at that instant, the rest rejected as {@code adaptive_limited}. Nothing queued is lost. The rate is
 * {@code producer_adaptive_rate} (-1 while another mode decides) and {@code adaptive_rate} in {@code /status.queue}.
 * Every hook but the permits runs under the ledger's lock, which guards the fields below.
 */
@Component
public final class AdaptiveMode implements QueueMode, MeterBinder {

    public static final String NAME = "adaptive";
    public static final RejectionReason ADAPTIVE_LIMITED = new RejectionReason("adaptive_limited");

    /**
     * How often the signals are weighed, and the least time between two cuts: several takes at the handout's
     * 10 items/s, so the take rate is measured on more than one item, yet a 10× overload is cut within a second.
     */
    static final Duration INTERVAL = Duration.ofMillis(500);
    /**
     * A gentler cut than TCP's half: the rate is weighed every interval, so a run of small cuts follows a big
     * overload closely, and one cut from just above the capacity lands just below it, not at half of it.
     */
    static final double DECREASE = 0.9;
    /**
     * Items/s added per calm interval: 0.5 items/s per second climbs from {@link #MIN_RATE} to the handout's
     * 10/s in about 20 s, and a probe passes the capacity by a fraction of an item per interval before the wait
     * tells.
     */
    static final double INCREASE_STEP = 0.25;
    /** Above zero, so items keep reaching the consumer and can show the wait is back under target. */
    static final double MIN_RATE = 0.5;

    private static final long INTERVAL_MS = INTERVAL.toMillis();
    private static final double MILLIS_PER_SECOND = TimeUnit.SECONDS.toMillis(1);
    private static final long NEVER = Long.MIN_VALUE;
    private static final int INACTIVE = -1;
    /** {@code adaptive_rate} in {@code /status} to two decimals: cuts by 0.9 leave long fractions nobody reads. */
    private static final double HUNDREDTHS = 100.0;

    /** @param targetWaitMs the queue wait the rate is held under: 2 × the handout's 100 ms per item */
    @ConfigurationProperties("lab.producer.modes.adaptive")
    public record Target(@Positive @Max(3_600_000) @DefaultValue("200") long targetWaitMs) implements AdminSettings {
    }

    private final Settings settings;
    private final RatePermits permits = new RatePermits();
    private volatile boolean active;
    private volatile double rate;
    private long intervalStart = NEVER;
    private int sizeAtIntervalStart;
    private int takesInInterval;
    private boolean throttledInInterval;
    private long lastCutAt = NEVER;

    public AdaptiveMode(Settings settings) {
        this.settings = settings;
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
        int size = queue.size();
        if (size > 0) {
            takesInInterval++; // only an empty queue makes delivery wait after this call
        }
        if (intervalStart == NEVER) {
            startInterval(now, size);
            return;
        }
        if (now - intervalStart < INTERVAL_MS) {
            return;
        }
        long waitMs = queue.oldestEnqueuedAt().isPresent() ? now - queue.oldestEnqueuedAt().getAsLong() : 0;
        if (waitMs > settings.get(Target.class).targetWaitMs()) {
            if (size >= sizeAtIntervalStart) {
                double takenPerSecond = takesInInterval * MILLIS_PER_SECOND / (now - intervalStart);
                cut(Math.min(currentRate(), takenPerSecond), now);
            }
        } else if (!throttledInInterval) {
            setRate(currentRate() + INCREASE_STEP);
        }
        startInterval(now, size);
    }

    @Override
    public void throttled(long now) {
        throttledInInterval = true;
        cut(currentRate(), now);
    }

    @Override
    public void activate() {
        rate = ceiling();
        intervalStart = NEVER;
        lastCutAt = NEVER;
        throttledInInterval = false;
        active = true;
    }

    @Override
    public void deactivate() {
        active = false;
    }

    private void startInterval(long now, int size) {
        intervalStart = now;
        sizeAtIntervalStart = size;
        takesInInterval = 0;
        throttledInInterval = false;
    }

    /** At most one cut per interval, so one burst of signals is one decrease. */
    private void cut(double from, long now) {
        if (lastCutAt == NEVER || now - lastCutAt >= INTERVAL_MS) {
            setRate(from * DECREASE);
            lastCutAt = now;
        }
    }

    private void setRate(double next) {
        rate = Math.min(ceiling(), Math.max(MIN_RATE, next));
    }

    /** The rate, under a {@code production_rate} that may have been lowered since it was set. */
    private double currentRate() {
        return Math.min(rate, ceiling());
    }

    private double ceiling() {
        return settings.get(ProductionSettings.class).productionRate();
    }

    @Override
    public Set<RejectionReason> rejectionReasons() {
        return Set.of(ADAPTIVE_LIMITED);
    }

    @Override
    public Map<String, Object> status() {
        return Map.of("adaptive_rate", Math.round(currentRate() * HUNDREDTHS) / HUNDREDTHS,
                "target_wait_ms", settings.get(Target.class).targetWaitMs());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("producer.adaptive.rate", this, mode -> mode.active ? mode.currentRate() : INACTIVE)
                .description("Items/s the adaptive mode lets the generator produce; -1 while another mode decides")
                .register(registry);
    }
}
