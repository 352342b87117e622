package lab.backpressure.producer.generator;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.config.LiveConfig;
import lab.backpressure.producer.config.ProducerConfig;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.metrics.ProducerTimers;
import lab.backpressure.producer.threads.LabThreads;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Creates items at {@code production_rate} items/s on its own thread and offers them to the queue, after
 * the queue mode's production permit. {@code producing: false} pauses it. Any config change wakes it
 * ({@link #wake()}), so a new rate, mode or pause takes effect at once instead of after the current wait.
 */
@Component
public final class Generator implements SmartLifecycle {

    /** Stops first on shutdown: no new items while the last ones are delivered. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final LiveConfig config;
    private final ItemLedger ledger;
    private final ItemFactory items;
    private final ProducerTimers timers;
    private volatile boolean running;
    private volatile Thread thread;

    public Generator(LiveConfig config, ItemLedger ledger, ItemFactory items, ProducerTimers timers) {
        this.config = config;
        this.ledger = ledger;
        this.items = items;
        this.timers = timers;
    }

    @Override
    public void start() {
        running = true;
        thread = LabThreads.start("generator", this::produceWhileRunning);
    }

    @Override
    public void stop() {
        running = false;
        wake();
        try {
            thread.join(STOP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Interrupts whatever wait the generator is in, so it re-reads the config and the queue mode. */
    public void wake() {
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }

    private void produceWhileRunning() {
        ProductionSchedule schedule = null;
        while (running) {
            try {
                schedule = step(schedule);
            } catch (InterruptedException woken) {
                // wake(): the next step sees the new config, mode or the stop
            }
        }
    }

    /** Produces the next item if it is due, or waits for it; returns the schedule to go on with. */
    private ProductionSchedule step(ProductionSchedule schedule) throws InterruptedException {
        ProducerConfig current = config.get();
        if (!current.producing()) {
            Thread.sleep(Long.MAX_VALUE); // until wake()
        }
        long now = System.nanoTime();
        ProductionSchedule next = atRate(schedule, current.productionRate(), now);
        long untilDue = next.nextDeadline() - now;
        if (untilDue > 0) {
            TimeUnit.NANOSECONDS.sleep(untilDue);
            return next;
        }
        Optional<Duration> heldBack = ledger.mode().awaitProductionPermit();
        heldBack.ifPresent(timers::recordRateLimitWait);
        ledger.offer(items.create(config.get().payloadBytes()));
        next.produced(System.nanoTime(), heldBack.filter(Duration::isPositive).isPresent());
        return next;
    }

    private static ProductionSchedule atRate(ProductionSchedule schedule, double rate, long now) {
        if (schedule == null) {
            return new ProductionSchedule(rate, now);
        }
        return schedule.rate() == rate ? schedule : schedule.withRate(rate, now);
    }
}
