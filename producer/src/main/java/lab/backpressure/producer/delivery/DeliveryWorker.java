package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.accounting.TakenItem;
import lab.backpressure.producer.delivery.limit.DeliveryLimiter;
import lab.backpressure.producer.metrics.ProducerTimers;
import lab.backpressure.producer.threads.LabThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery worker: waits for a slot under the delivery limit, takes the item at the head of the queue,
 * sends it through the delivery policies and settles it in the ledger. A retryable failure keeps the item
 * (and its slot) and sends it again: after the consumer's {@code Retry-After} for a throttle, after the
 * shared backoff for anything else, so a dead consumer costs a few attempts per backoff period, not a spin,
 * and loses nothing.
 */
final class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    /** Up to this share of a {@code Retry-After} is added, so throttled workers do not all return at once. */
    private static final double THROTTLE_JITTER = 0.1;
    private static final Runnable NOTHING = () -> { };

    private final ItemLedger ledger;
    private final DeliveryLimiter limiter;
    private final DeliveryPolicies policies;
    private final ConsumerClient client;
    private final ConsumerHealth health;
    private final DeliveryTracing tracing;
    private final ProducerTimers timers;
    private volatile boolean running;
    private volatile boolean sending;
    private volatile Thread thread;

    DeliveryWorker(ItemLedger ledger, DeliveryLimiter limiter, DeliveryPolicies policies, ConsumerClient client,
                   ConsumerHealth health, DeliveryTracing tracing, ProducerTimers timers) {
        this.ledger = ledger;
        this.limiter = limiter;
        this.policies = policies;
        this.client = client;
        this.health = health;
        this.tracing = tracing;
        this.timers = timers;
    }

    void start(String name) {
        running = true;
        thread = LabThreads.startVirtual(name, this::deliverWhileRunning);
    }

    /**
     * Asks the worker to stop: a request in progress may finish, an idle wait or a pause is interrupted. An item
     * still undelivered then goes back to the head of the queue: nothing is lost either way.
     */
    void stop() {
        running = false;
        if (!sending) {
            thread.interrupt();
        }
    }

    void join(Duration grace) throws InterruptedException {
        thread.join(grace);
    }

    private void deliverWhileRunning() {
        while (running) {
            try {
                deliverNext();
            } catch (InterruptedException stopping) {
                // stop(): the loop condition ends the thread
            }
        }
    }

    private void deliverNext() throws InterruptedException {
        try (DeliveryLimiter.Slot slot = limiter.acquire()) {
            policies.awaitPermission();
            TakenItem taken = ledger.take(1, Duration.ZERO).first();
            try {
                deliver(taken, slot);
            } catch (InterruptedException stopping) {
                ledger.putBack(List.of(taken));
                throw stopping;
            }
        }
    }

    /**
     * A retryable failure keeps the item in this worker's hands (still in flight) rather than returning it to
     * the queue: a bounded queue then never has to make room for a returning item, and its size stays within
     * its bound while the consumer is down.
     */
    private void deliver(TakenItem taken, DeliveryLimiter.Slot slot) throws InterruptedException {
        // recorded once, inside the first attempt's deliver_item span, so its exemplar is this item's trace
        Runnable inDeliverySpan = () -> timers.recordQueueWait(taken.queueWait());
        while (true) {
            long start = System.nanoTime();
            DeliveryResult result = send(taken, inDeliverySpan);
            inDeliverySpan = NOTHING;
            if (!(result instanceof DeliveryResult.NotSent)) {
                slot.sample(start, Duration.ofNanos(System.nanoTime() - start), isLoss(result));
            }
            Optional<Duration> retryAfter = settle(taken, result);
            if (retryAfter.isEmpty()) {
                return;
            }
            if (!running) {
                throw new InterruptedException("stopping with item " + taken.item().id() + " undelivered");
            }
            Thread.sleep(retryAfter.get());
            policies.awaitPermission();
        }
    }

    private DeliveryResult send(TakenItem taken, Runnable inDeliverySpan) throws InterruptedException {
        sending = true;
        try {
            return tracing.traceDelivery(taken, inDeliverySpan,
                    () -> policies.send(taken, attempt -> client.send(attempt.item(), attempt.priority())));
        } finally {
            sending = false;
        }
    }

    /** A throttle or a timeout tells the limit algorithm that it asked too much. */
    private static boolean isLoss(DeliveryResult result) {
        return result instanceof DeliveryResult.Throttled || result instanceof DeliveryResult.TimedOut;
    }

    /** Books the answer; for a retryable one, answers how long to pause before the next attempt. */
    private Optional<Duration> settle(TakenItem taken, DeliveryResult result) {
        return switch (result) {
            case DeliveryResult.Delivered _ -> {
                ledger.delivered(1);
                health.answered();
                yield Optional.empty();
            }
            case DeliveryResult.Refused refused -> {
                ledger.refused(1);
                health.answered(refused.error());
                log.warn("Consumer refused item {} for good: {}", taken.item().id(), refused.error());
                yield Optional.empty();
            }
            case DeliveryResult.Throttled throttled -> {
                ledger.attemptThrottled(1);
                health.answered(throttled.error());
                yield Optional.of(withJitter(throttled.retryAfter()));
            }
            case DeliveryResult.Unavailable unavailable -> Optional.of(failed(taken, unavailable.error()));
            case DeliveryResult.TimedOut timedOut -> Optional.of(failed(taken, timedOut.error()));
            // nothing went out: no pause of its own, the policies' permission is the wait
            case DeliveryResult.NotSent _ -> Optional.of(Duration.ZERO);
        };
    }

    private Duration failed(TakenItem taken, String error) {
        ledger.attemptFailed(1);
        Duration pause = health.unavailable(error);
        log.debug("Delivery of item {} failed ({}); retrying in {}", taken.item().id(), error, pause);
        return pause;
    }

    private static Duration withJitter(Duration retryAfter) {
        long jitter = (long) (retryAfter.toNanos() * THROTTLE_JITTER * ThreadLocalRandom.current().nextDouble());
        return retryAfter.plusNanos(jitter);
    }
}
