package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import lab.backpressure.producer.queue.AttemptOutcome;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.delivery.limit.DeliveryLimiter;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.metrics.ProducerTimers;
import lab.backpressure.producer.threads.LabThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery worker: waits for a slot under the delivery limit, takes as many items from the head of the queue as
 * batching allows, sends them through the delivery policies as one request and settles each in the ledger. What
 * is still undelivered after an answer stays in the worker's hands (and its slot) and is sent again: after the
 * consumer's {@code Retry-After} for a throttle, after the shared backoff (as the policies cap and spread it) for a
 * failure, at once for the halves of a batch that was too large. Before each attempt the policies decide whether it
 * goes out now, later (the items go back to the queue, and the worker rests before it takes more) or never (the items
 * are dropped for the policy's reason). So a dead consumer costs a few attempts per backoff period, not a spin, and
 * loses nothing.
 */
final class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    /** Up to this share of a {@code Retry-After} is added, so throttled workers do not all return at once. */
    private static final double THROTTLE_JITTER = 0.1;

    private final ItemLedger ledger;
    private final DeliveryLimiter limiter;
    private final DeliveryPolicies policies;
    private final BatchPort batching;
    private final ItemSender client;
    private final ConsumerHealth health;
    private final DeliveryTracing tracing;
    private final ProducerTimers timers;
    private final DeliveryTracing.OpenDeliveries open;
    private volatile boolean running;
    private volatile boolean sending;
    private volatile Thread thread;

    DeliveryWorker(ItemLedger ledger, DeliveryLimiter limiter, DeliveryPolicies policies, BatchPort batching,
                   ItemSender client, ConsumerHealth health, DeliveryTracing tracing, ProducerTimers timers) {
        this.ledger = ledger;
        this.limiter = limiter;
        this.policies = policies;
        this.batching = batching;
        this.client = client;
        this.health = health;
        this.tracing = tracing;
        this.timers = timers;
        this.open = tracing.open();
    }

    void start(String name) {
        running = true;
        thread = LabThreads.startVirtual(name, this::deliverWhileRunning);
    }

    /**
     * Asks the worker to stop: a request in progress may finish, an idle wait or a pause is interrupted. Items
     * still undelivered then go back to the head of the queue, in order: nothing is lost either way.
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
                Thread.sleep(deliverNext());
            } catch (InterruptedException stopping) {
                // stop(): the loop condition ends the thread
            }
        }
    }

    /**
     * Waits for work before it takes a slot: a slot held by a worker waiting on an empty queue would count as a
     * delivery in flight, make an adaptive limit believe its slots are used (it grows while half are), and outlive
     * a lowered limit. With the slot, the items are taken at once, or not at all if another worker was quicker.
     * Answers how long to rest, without a slot, before taking more: a policy's pause after it sent items back.
     */
    private Duration deliverNext() throws InterruptedException {
        ledger.awaitItem();
        try (DeliveryLimiter.Slot slot = limiter.acquire()) {
            policies.awaitPermission();
            Optional<TakenBatch> polled = ledger.poll(batching.target(), batching.linger());
            if (polled.isEmpty()) {
                return Duration.ZERO;
            }
            TakenBatch taken = polled.get();
            batching.taken(taken);
            Deque<Held> inHand = new ArrayDeque<>(List.of(Held.taken(taken)));
            try {
                return deliver(inHand, slot);
            } catch (InterruptedException stopping) {
                List<TakenItem> undelivered = inHand.stream().flatMap(held -> held.batch().items().stream()).toList();
                ledger.putBack(undelivered);
                open.ended(undelivered);
                throw stopping;
            }
        }
    }

    /**
     * Items in hand and their next attempt.
     *
     * @param attempt its number: one more than the attempts that failed so far
     * @param resend   whether the last answer was a throttle, so the consumer asked for this attempt
     * @param requeued whether a policy sent the items back to the queue instead of making this attempt before
     */
    private record Held(TakenBatch batch, int attempt, boolean resend, boolean requeued) {

        Held(TakenBatch batch, int attempt, boolean resend) {
            this(batch, attempt, resend, false);
        }

        /** Just taken from the queue: a first attempt, or the one a policy sent the items back before. */
        static Held taken(TakenBatch batch) {
            int requeuedAttempt = batch.requeuedAttempt();
            return requeuedAttempt == WorkItem.NOT_REQUEUED
                    ? new Held(batch, 1, false)
                    : new Held(batch, requeuedAttempt, false, true);
        }

        Attempt next() {
            return new Attempt(batch, attempt, resend, requeued);
        }

        Held retried(TakenBatch left) {
            return new Held(left, attempt + 1, false);
        }
    }

    /**
     * Sends what is in hand, head first, until every item is settled: each attempt as the policies admit it. A
     * retryable failure keeps the items in this worker's hands (still in flight) rather than returning them to the
     * queue: a bounded queue then never has to make room for returning items, and its size stays within its bound
     * while the consumer is down. Only an attempt a policy will not make now sends its items back to the queue, so that
     * no worker waits on one. Answers how long to rest before taking more.
     */
    private Duration deliver(Deque<Held> inHand, DeliveryLimiter.Slot slot) throws InterruptedException {
        Duration rest = Duration.ZERO;
        while (!inHand.isEmpty()) {
            Held head = inHand.getFirst();
            Duration pause = switch (policies.admit(head.next())) {
                case Verdict.GiveUp giveUp -> {
                    inHand.removeFirst();
                    ledger.lost(head.batch().items(), giveUp.reason());
                    open.lost(head.batch().items(), giveUp.reason());
                    yield Duration.ZERO;
                }
                case Verdict.Requeue requeue -> {
                    inHand.removeFirst();
                    ledger.requeue(head.batch().items(), head.attempt());
                    open.requeued(head.batch().items());
                    rest = requeue.pause();
                    yield Duration.ZERO;
                }
                case Verdict.Send _ -> attempt(inHand, slot);
            };
            if (inHand.isEmpty()) {
                break;
            }
            if (!running) {
                throw new InterruptedException("stopping with items undelivered");
            }
            Thread.sleep(pause);
            policies.awaitPermission();
        }
        return rest;
    }

    /** Sends the batch at the head of {@code inHand} and settles the answer; answers the pause before the next. */
    private Duration attempt(Deque<Held> inHand, DeliveryLimiter.Slot slot) throws InterruptedException {
        Held head = inHand.getFirst();
        long start = System.nanoTime();
        DeliveryResult result = send(head);
        outcome(result).ifPresent(outcome -> {
            slot.sample(start, Duration.ofNanos(System.nanoTime() - start), isLoss(result));
            ledger.attempted(head.batch().size(), outcome);
        });
        return settle(inHand, result);
    }

    private DeliveryResult send(Held held) throws InterruptedException {
        sending = true;
        try {
            // recorded once per item, as its deliver_item span starts, so its exemplar is the item's trace
            return tracing.traceDelivery(open, held.batch(),
                    taken -> timers.recordQueueWait(taken.queueWait(), taken.priority()),
                    held.attempt(), () -> policies.send(held.batch(),
                            attempt -> client.send(attempt.workItems(), attempt.priority())));
        } finally {
            sending = false;
        }
    }

    /** What the attempt counts as; none when nothing was sent. */
    private static Optional<AttemptOutcome> outcome(DeliveryResult result) {
        return Optional.ofNullable(switch (result) {
            case DeliveryResult.Delivered _ -> AttemptOutcome.DELIVERED;
            case DeliveryResult.PartlyDelivered _ -> AttemptOutcome.PARTLY_DELIVERED;
            case DeliveryResult.Expired _ -> AttemptOutcome.EXPIRED;
            case DeliveryResult.TooLarge _ -> AttemptOutcome.TOO_LARGE;
            case DeliveryResult.Refused _ -> AttemptOutcome.REFUSED;
            case DeliveryResult.Throttled _ -> AttemptOutcome.THROTTLED;
            case DeliveryResult.Unavailable _ -> AttemptOutcome.UNAVAILABLE;
            case DeliveryResult.TimedOut _ -> AttemptOutcome.TIMED_OUT;
            case DeliveryResult.NotSent _ -> null;
        });
    }

    /** A throttle or a timeout tells the limit algorithm that it asked too much. */
    private static boolean isLoss(DeliveryResult result) {
        return result instanceof DeliveryResult.Throttled || result instanceof DeliveryResult.TimedOut;
    }

    /**
     * Books the answer for the batch at the head of {@code inHand}, putting back in its place what is to be sent
     * again; answers how long to pause before the next attempt.
     */
    private Duration settle(Deque<Held> inHand, DeliveryResult result) {
        Held held = inHand.removeFirst();
        TakenBatch batch = held.batch();
        return switch (result) {
            case DeliveryResult.Delivered _ -> {
                delivered(batch.items());
                health.answered();
                yield Duration.ZERO;
            }
            case DeliveryResult.PartlyDelivered partly -> partly(inHand, held, partly.failed(), partly.error());
            // expired items are settled for good; the rest of the batch as its other answers say
            case DeliveryResult.Expired expired -> {
                List<TakenItem> gone = batch.only(expired.expired()).items();
                ledger.expiredAtConsumer(gone);
                open.failed(gone, expired.error());
                health.answered();
                List<TakenItem> rest = batch.except(expired.expired());
                if (expired.failed().isEmpty()) {
                    delivered(rest);
                    yield Duration.ZERO;
                }
                yield partly(inHand, new Held(new TakenBatch(rest), held.attempt(), held.resend()), expired.failed(),
                        expired.error());
            }
            case DeliveryResult.TooLarge tooLarge when batch.size() > 1 -> {
                health.answered(tooLarge.error());
                List<TakenBatch> halves = batch.halves();
                inHand.addFirst(new Held(halves.getLast(), held.attempt(), held.resend()));
                inHand.addFirst(new Held(halves.getFirst(), held.attempt(), held.resend()));
                log.info("The consumer found a batch of {} items too large ({}); sending it in halves",
                        batch.size(), tooLarge.error());
                yield Duration.ZERO;
            }
            case DeliveryResult.TooLarge tooLarge -> refused(batch, tooLarge.error());
            case DeliveryResult.Refused refused -> refused(batch, refused.error());
            case DeliveryResult.Throttled throttled -> {
                ledger.attemptThrottled(batch.size());
                health.answered(throttled.error());
                inHand.addFirst(new Held(batch, held.attempt(), true));
                yield withJitter(throttled.retryAfter());
            }
            case DeliveryResult.Unavailable unavailable -> {
                inHand.addFirst(held.retried(batch));
                yield failed(batch, unavailable.error());
            }
            case DeliveryResult.TimedOut timedOut -> {
                inHand.addFirst(held.retried(batch));
                yield failed(batch, timedOut.error());
            }
            // nothing went out: no pause of its own, the policies' permission is the wait
            case DeliveryResult.NotSent _ -> {
                inHand.addFirst(held);
                yield Duration.ZERO;
            }
        };
    }

    /** Delivers all but the {@code failed} items of {@code held}, and keeps those in hand for a retry. */
    private Duration partly(Deque<Held> inHand, Held held, Set<Long> failed, String error) {
        TakenBatch retried = held.batch().only(failed);
        delivered(held.batch().except(failed));
        inHand.addFirst(held.retried(retried));
        return failed(retried, error);
    }

    private void delivered(List<TakenItem> items) {
        ledger.delivered(items).forEach(good -> timers.recordGoodItemLatency(good.latency(), good.priority()));
        open.ended(items);
    }

    private Duration refused(TakenBatch batch, String error) {
        ledger.refused(batch.size());
        open.failed(batch.items(), error);
        health.answered(error);
        log.warn("Consumer refused items {} for good: {}", ids(batch), error);
        return Duration.ZERO;
    }

    private Duration failed(TakenBatch batch, String error) {
        ledger.attemptFailed(batch.size());
        Duration pause = policies.backoff(health.unavailable(error, policies.longestBackoff()));
        log.debug("Delivery of items {} failed ({}); retrying in {}", ids(batch), error, pause);
        return pause;
    }

    private static List<Long> ids(TakenBatch batch) {
        return batch.workItems().stream().map(WorkItem::id).toList();
    }

    private static Duration withJitter(Duration retryAfter) {
        long jitter = (long) (retryAfter.toNanos() * THROTTLE_JITTER * ThreadLocalRandom.current().nextDouble());
        return retryAfter.plusNanos(jitter);
    }
}
