package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.problem.InvalidFieldException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Flow control with hysteresis, as in stream buffers: the generator pauses when the queue reaches
 * {@code high_watermark} and resumes only once it is down to {@code low_watermark}, so the queue saws between
 * the two marks instead of flapping at one. Nothing is lost; burst items beyond the high mark are rejected as
 * {@code paused}. Meters: {@code producer_paused} (0/1), {@code producer_pause_transitions_total} (pauses and
 * resumes) and {@code producer_paused_seconds_total}.
 */
@Component
final class WatermarkMode implements QueueMode, MeterBinder {

    public static final String NAME = "watermark";
    public static final RejectionReason PAUSED = new RejectionReason("paused");

    /** Paused until the queue drains to the low mark, however long that takes; a settings change wakes it. */
    private static final Duration UNTIL_DRAINED = Duration.ofNanos(Long.MAX_VALUE);
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    /**
     * @param highWatermark queue size at which the generator pauses
     * @param lowWatermark  queue size at which it resumes; below the high mark
     */
    @ConfigurationProperties("lab.producer.modes.watermark")
    public record Marks(@Positive @Max(1_000_000) @DefaultValue("80") int highWatermark,
                        @PositiveOrZero @DefaultValue("20") int lowWatermark) implements AdminSettings {

        @Override
        public void check() {
            if (lowWatermark >= highWatermark) {
                throw new InvalidFieldException("low_watermark", "low_watermark (%d) must be below high_watermark (%d)"
                        .formatted(lowWatermark, highWatermark));
            }
        }
    }

    private final Settings settings;
    private final AtomicLong transitions = new AtomicLong();
    private final AtomicLong pausedNanos = new AtomicLong();
    private volatile boolean paused;
    private volatile long pausedSince;

    public WatermarkMode(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Admission admit(Admitting item) {
        Admission admission = item.append();
        pauseAtHighMark(item);
        return admission;
    }

    @Override
    public Admission admitBurstItem(Admitting item) {
        if (item.size() >= marks().highWatermark()) {
            return item.reject(PAUSED);
        }
        Admission admission = item.append();
        pauseAtHighMark(item);
        return admission;
    }

    @Override
    public Optional<Duration> awaitProductionPermit(QueueWatch queue) throws InterruptedException {
        if (!paused) {
            return Optional.of(Duration.ZERO);
        }
        long start = System.nanoTime();
        if (queue.awaitSizeAtMost(marks().lowWatermark(), UNTIL_DRAINED)) {
            resume();
        }
        return Optional.of(Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public void activate() {
        paused = false;
    }

    @Override
    public void deactivate() {
        resume();
    }

    private synchronized void pauseAtHighMark(QueueView queue) {
        if (!paused && queue.size() >= marks().highWatermark()) {
            pausedSince = System.nanoTime();
            paused = true;
            transitions.incrementAndGet();
        }
    }

    private synchronized void resume() {
        if (paused) {
            paused = false;
            pausedNanos.addAndGet(System.nanoTime() - pausedSince);
            transitions.incrementAndGet();
        }
    }

    @Override
    public Set<RejectionReason> rejectionReasons() {
        return Set.of(PAUSED);
    }

    /** The queue never passes the high mark: the generator pauses there and bursts are refused there. */
    @Override
    public OptionalInt capacity() {
        return OptionalInt.of(marks().highWatermark());
    }

    @Override
    public Map<String, Object> status() {
        Marks marks = marks();
        return Map.of("high_watermark", marks.highWatermark(), "low_watermark", marks.lowWatermark(),
                "paused", paused, "pause_transitions", transitions.get());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("producer.paused", this, mode -> mode.paused ? 1 : 0)
                .description("1 while the watermark mode holds the generator paused, else 0")
                .register(registry);
        FunctionCounter.builder("producer.pause.transitions", transitions, AtomicLong::get)
                .description("Times the watermark mode paused or resumed the generator")
                .register(registry);
        FunctionCounter.builder("producer.paused.seconds", this, WatermarkMode::secondsPaused)
                .description("Time the watermark mode held the generator paused")
                .register(registry);
    }

    private double secondsPaused() {
        long ongoing = paused ? System.nanoTime() - pausedSince : 0;
        return (pausedNanos.get() + ongoing) / NANOS_PER_SECOND;
    }

    private Marks marks() {
        return settings.get(Marks.class);
    }
}
