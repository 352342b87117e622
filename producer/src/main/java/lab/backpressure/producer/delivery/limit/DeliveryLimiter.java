package lab.backpressure.producer.delivery.limit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.netflix.concurrency.limits.Limit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The gate every delivery passes: a worker holds a slot from taking items off the queue until they are
 * settled, and no more slots are handed out than the chosen {@link LimitAlgorithm}'s current limit. Every
 * attempt's round trip is a sample for the algorithm, so the number in flight follows what it learns. The
 * workers are many cheap virtual threads; the limit, not their number, decides how many requests the
 * consumer sees. Meters: {@code producer_delivery_limit}, {@code producer_delivery_in_flight},
 * {@code producer_delivery_rtt_seconds} (histogram) and {@code producer_delivery_rtt_min_seconds}.
 */
@Component
public final class DeliveryLimiter {

    /** Delivery workers there are, so the most any limit can put in flight. */
    public static final int MAX_WORKERS = 64;
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final Duration LONGEST_EXPECTED_ROUND_TRIP = Duration.ofSeconds(60);

    private final Settings settings;
    private final LimitAlgorithms algorithms;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFreed = lock.newCondition();
    private final Timer roundTrips;
    private int inFlight;
    private volatile Learning learning;

    /** One algorithm's limit, and the quickest round trip it has seen since it was built. */
    private record Learning(LimitAlgorithm algorithm, Limit limit, AtomicLong minRoundTripNanos) {

        static Learning of(LimitAlgorithm algorithm, Settings settings) {
            return new Learning(algorithm, algorithm.create(settings), new AtomicLong(Long.MAX_VALUE));
        }
    }

    public DeliveryLimiter(Settings settings, LimitAlgorithms algorithms, MeterRegistry registry) {
        this.settings = settings;
        this.algorithms = algorithms;
        this.learning = Learning.of(algorithms.chosenIn(settings), settings);
        this.roundTrips = Timer.builder("producer.delivery.rtt")
                .description("Round trip of each delivery attempt, as the limit algorithm samples it")
                .publishPercentileHistogram()
                .maximumExpectedValue(LONGEST_EXPECTED_ROUND_TRIP)
                .register(registry);
        Gauge.builder("producer.delivery.limit", this, DeliveryLimiter::limit)
                .description("Deliveries the limit algorithm lets be in flight at once")
                .register(registry);
        Gauge.builder("producer.delivery.in.flight", this, DeliveryLimiter::inFlight)
                .description("Delivery slots in use: requests at the consumer or items a worker holds for a retry")
                .register(registry);
        Gauge.builder("producer.delivery.rtt.min", this, DeliveryLimiter::minRoundTripSeconds)
                .description("Quickest round trip to the consumer since the limit algorithm started learning")
                .baseUnit("seconds")
                .register(registry);
    }

    /** A slot that is held until {@link Slot#close()}; each attempt made with it is {@link Slot#sample}d. */
    public interface Slot extends AutoCloseable {

        /**
         * @param startNanos {@link System#nanoTime()} when the attempt started
         * @param dropped    the consumer throttled it or it timed out: a loss signal for the algorithm
         */
        void sample(long startNanos, Duration roundTrip, boolean dropped);

        @Override
        void close();
    }

    /** Waits until fewer deliveries are in flight than the limit allows, and takes a slot. */
    public Slot acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (inFlight >= limit()) {
                slotFreed.await();
            }
            inFlight++;
            return new HeldSlot();
        } finally {
            lock.unlock();
        }
    }

    /** The limit now: what the algorithm says, never below {@code delivery_min_limit} for an adaptive one. */
    public int limit() {
        int learned = learning.limit().getLimit();
        return learning.algorithm() instanceof FixedLimitAlgorithm
                ? learned
                : Math.max(learned, settings.get(LimitBounds.class).deliveryMinLimit());
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** {@code /status.delivery}: the algorithm, the limit, the slots in use and the quickest round trip seen. */
    public Map<String, Object> status() {
        Learning current = learning;
        long min = current.minRoundTripNanos().get();
        return Map.of("limit_algorithm", current.algorithm().name(), "limit", limit(), "in_flight", inFlight(),
                "rtt_min_ms", min == Long.MAX_VALUE ? -1 : TimeUnit.NANOSECONDS.toMillis(min));
    }

    /** A new algorithm, or new settings for the current one, starts learning afresh from the initial limit. */
    @EventListener
    void settingsChanged(SettingsChanged change) {
        LimitAlgorithm chosen = algorithms.chosenIn(settings);
        if (change.changed(LimitChoice.class) || chosen.settingsTypes().stream().anyMatch(change::changed)) {
            learning = Learning.of(chosen, settings);
            wakeWaiters();
        }
    }

    private double minRoundTripSeconds() {
        long min = learning.minRoundTripNanos().get();
        return min == Long.MAX_VALUE ? Double.NaN : min / NANOS_PER_SECOND;
    }

    private void wakeWaiters() {
        lock.lock();
        try {
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private final class HeldSlot implements Slot {

        private boolean closed;

        @Override
        public void sample(long startNanos, Duration roundTrip, boolean dropped) {
            Learning current = learning;
            long nanos = roundTrip.toNanos();
            roundTrips.record(roundTrip);
            if (dropped && !current.algorithm().learnsFromDrops()) {
                return;
            }
            if (!dropped) {
                current.minRoundTripNanos().accumulateAndGet(nanos, Math::min);
            }
            current.limit().onSample(startNanos, nanos, inFlight(), dropped);
            wakeWaiters();
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!closed) {
                    closed = true;
                    inFlight--;
                    slotFreed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
