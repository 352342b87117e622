package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import lab.backpressure.producer.generator.Generator;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@code lab.producer.delivery.workers} delivery workers on virtual threads; the delivery limit decides
 * how many of them have an item at a time. On shutdown it stops after the generator and lets each request in
 * progress finish, all of them within one attempt timeout.
 */
final class DeliveryLoop implements SmartLifecycle {

    private final List<DeliveryWorker> workers = new ArrayList<>();
    private final Supplier<Duration> attemptTimeout;
    private volatile boolean running;

    DeliveryLoop(DeliveryProperties properties, Supplier<Duration> attemptTimeout, Supplier<DeliveryWorker> newWorker) {
        this.attemptTimeout = attemptTimeout;
        for (int i = 0; i < properties.workers(); i++) {
            workers.add(newWorker.get());
        }
    }

    @Override
    public void start() {
        for (int i = 0; i < workers.size(); i++) {
            workers.get(i).start("delivery-" + (i + 1));
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        workers.forEach(DeliveryWorker::stop);
        Instant deadline = Instant.now().plus(attemptTimeout.get());
        try {
            for (DeliveryWorker worker : workers) {
                Duration left = Duration.between(Instant.now(), deadline);
                worker.join(left.isNegative() ? Duration.ZERO : left);
            }
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
        return Generator.PHASE - 1;
    }
}
