package lab.backpressure.producer.generator;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.threads.LabThreads;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates items at {@code production_rate} items/s on average, paced by the chosen {@link ArrivalProcess}
 * ({@code arrival}), on its own thread and offers them to the queue, after
 * the queue mode's production permit. {@code producing: false} pauses it. Any settings change wakes it
 * ({@link #wake()}), so a new rate, mode or pause takes effect at once instead of after the current wait.
 */
@Component
public final class Generator implements SmartLifecycle {

    /** Stops first on shutdown: no new items while the last ones are delivered. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Settings settings;
    private final ItemLedger ledger;
    private final ItemFactory items;
    private final Arrivals arrivals;
    private volatile boolean running;
    private volatile Thread thread;
    /** Set when the arrival settings changed; the generator's own thread then restarts the process it draws from. */
    private volatile boolean arrivalsChanged = true;
    private ArrivalProcess arrivalProcess;

    public Generator(Settings settings, ItemLedger ledger, ItemFactory items, Arrivals arrivals) {
        this.settings = settings;
        this.ledger = ledger;
        this.items = items;
        this.arrivals = arrivals;
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

    /** After every other listener, so the generator wakes to a queue mode that has already switched. */
    @EventListener
    @Order(Ordered.LOWEST_PRECEDENCE)
    void settingsChanged(SettingsChanged change) {
        if (change.changed(ArrivalChoice.class)
                || arrivals.chosenIn(settings).settingsTypes().stream().anyMatch(change::changed)) {
            arrivalsChanged = true;
        }
        wake();
    }

    /** Interrupts whatever wait the generator is in, so it re-reads the settings and the queue mode. */
    void wake() {
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
                // wake(): the next step sees the new settings, mode or the stop
            }
        }
    }

    /** Produces the next item if it is due, or waits for it; returns the schedule to go on with. */
    private ProductionSchedule step(ProductionSchedule schedule) throws InterruptedException {
        ProductionSettings current = settings.get(ProductionSettings.class);
        if (!current.producing()) {
            Thread.sleep(Long.MAX_VALUE); // until wake()
        }
        long now = System.nanoTime();
        if (arrivalsChanged) {
            arrivalsChanged = false;
            arrivalProcess = arrivals.chosenIn(settings);
            arrivalProcess.restart(settings);
            schedule = null;
        }
        ProductionSchedule next = atRate(schedule, current.productionRate(), now);
        long untilDue = next.nextDeadline() - now;
        if (untilDue > 0) {
            TimeUnit.NANOSECONDS.sleep(untilDue);
            return next;
        }
        Optional<Duration> heldBack = ledger.mode().awaitProductionPermit(ledger);
        ProductionSettings making = settings.get(ProductionSettings.class);
        ledger.offer(items.create(making.payloadBytes(), making.clientDeadlineMs()));
        next.produced(System.nanoTime(), heldBack.filter(Duration::isPositive).isPresent());
        return next;
    }

    private ProductionSchedule atRate(ProductionSchedule schedule, double rate, long now) {
        if (schedule == null) {
            return new ProductionSchedule(rate, arrivalProcess, now);
        }
        return schedule.rate() == rate ? schedule : schedule.withRate(rate, now);
    }
}
