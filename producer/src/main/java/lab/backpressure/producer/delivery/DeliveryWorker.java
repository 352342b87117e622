package lab.backpressure.producer.delivery;

import java.time.Duration;

import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.accounting.TakenItem;
import lab.backpressure.producer.metrics.ProducerTimers;
import lab.backpressure.producer.threads.LabThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery thread: takes the item at the head of the queue, sends it, and settles it in the ledger.
 * A retryable failure pauses for the backoff and sends the same item again, so a dead consumer costs
 * a few attempts per backoff period, not a spin, and loses nothing.
 */
final class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Runnable NOTHING = () -> { };

    private final ItemLedger ledger;
    private final ConsumerClient client;
    private final ConsumerHealth health;
    private final DeliveryTracing tracing;
    private final ProducerTimers timers;
    private volatile boolean running;
    private volatile boolean sending;
    private volatile Thread thread;

    DeliveryWorker(ItemLedger ledger, ConsumerClient client, ConsumerHealth health, DeliveryTracing tracing,
                   ProducerTimers timers) {
        this.ledger = ledger;
        this.client = client;
        this.health = health;
        this.tracing = tracing;
        this.timers = timers;
    }

    void start(String name) {
        running = true;
        thread = LabThreads.start(name, this::deliverWhileRunning);
    }

    /**
     * Lets a request in progress finish (within {@code grace}) and interrupts an idle wait or a backoff
     * pause. An item still undelivered then goes back to the head of the queue: nothing is lost either way.
     */
    void stop(Duration grace) throws InterruptedException {
        running = false;
        if (!sending) {
            thread.interrupt();
        }
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

    /**
     * A retryable failure keeps the item in this worker's hands (still in flight) and retries it after the
     * backoff, rather than returning it to the queue: a bounded queue then never has to make room for a
     * returning item, and its size stays within its bound while the consumer is down.
     */
    private void deliverNext() throws InterruptedException {
        TakenItem taken = ledger.take();
        // recorded once, inside the first attempt's deliver_item span, so its exemplar is this item's trace
        Runnable inDeliverySpan = () -> timers.recordQueueWait(taken.queueWait());
        try {
            while (!settled(taken, send(taken, inDeliverySpan))) {
                // retried from this worker's hands after the backoff pause
                inDeliverySpan = NOTHING;
            }
        } catch (InterruptedException stopping) {
            ledger.putBack(taken);
            throw stopping;
        }
    }

    private DeliveryResult send(TakenItem taken, Runnable inDeliverySpan) {
        sending = true;
        try {
            return tracing.traceDelivery(taken, inDeliverySpan, () -> client.send(taken.item()));
        } finally {
            sending = false;
        }
    }

    /** Books the answer; for a retryable failure, counts the attempt, pauses and answers false. */
    private boolean settled(TakenItem taken, DeliveryResult result) throws InterruptedException {
        switch (result) {
            case DeliveryResult.Delivered _ -> {
                ledger.delivered();
                health.answered();
                return true;
            }
            case DeliveryResult.Refused refused -> {
                ledger.refused();
                health.refused(refused.error());
                log.warn("Consumer refused item {} for good: {}", taken.item().id(), refused.error());
                return true;
            }
            case DeliveryResult.Unavailable unavailable -> {
                ledger.attemptFailed();
                Duration pause = health.unavailable(unavailable.error());
                log.debug("Delivery of item {} failed ({}); retrying in {}", taken.item().id(),
                        unavailable.error(), pause);
                if (!running) {
                    throw new InterruptedException("stopping with item " + taken.item().id() + " undelivered");
                }
                Thread.sleep(pause);
                return false;
            }
        }
    }
}
