package lab.backpressure.producer.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import lab.backpressure.producer.generator.Generator;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@code lab.producer.delivery.concurrency} delivery workers. On shutdown it stops after the
 * generator and lets each request in progress finish, bounded by the request timeout.
 */
public final class DeliveryLoop implements SmartLifecycle {

    private final List<DeliveryWorker> workers = new ArrayList<>();
    private final DeliveryProperties properties;
    private volatile boolean running;

    DeliveryLoop(DeliveryProperties properties, Supplier<DeliveryWorker> newWorker) {
        this.properties = properties;
        for (int i = 0; i < properties.concurrency(); i++) {
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
        try {
            for (DeliveryWorker worker : workers) {
                worker.stop(properties.requestTimeout());
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
