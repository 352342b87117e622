package lab.backpressure.producer.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.backpressure.producer.queue.AttemptOutcome;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.LedgerSnapshot;
import lab.backpressure.producer.delivery.retry.RetryBudgetPolicy;
import lab.backpressure.producer.delivery.retry.RetryPolicy;
import lab.backpressure.producer.item.Criticality;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.mode.BoundedMode;
import lab.backpressure.producer.mode.ItemQueue;
import lab.backpressure.producer.mode.QueueBound;
import lab.backpressure.producer.mode.UnboundedMode;
import lab.backpressure.producer.testing.Batchings;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.TestSettings;
import lab.backpressure.producer.testing.StubConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The delivery loop against a stub consumer that is up, down, failing or refusing. */
class DeliveryLoopTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);
    /**
     * For a consumer taking {@link #TAKING} per item: of items queued together, the n-th is answered about n × 400 ms
     * after its creation, so this deadline lies between the second answer and the third, 200 ms from each.
     */
    private static final long CLIENT_DEADLINE_MS = 1000;
    private static final Duration TAKING = Duration.ofMillis(400);

    /** Every fourth item critical: ids 4, 8, 12, ... */
    private final ItemFactory items = Items.factory(Clock.systemUTC(), 0.25);
    private final BoundedMode boundedAtFour = new BoundedMode(TestSettings.of(new QueueBound(4)));
    private volatile boolean dropPastDeadline;
    private final ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), (item, reason, at) -> { },
            () -> dropPastDeadline, new UnboundedMode(), boundedAtFour);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerHealth health = new ConsumerHealth(TestDeliveries.FAST_BACKOFF);
    private StubConsumer consumer;
    private DeliveryLoop loop;

    @AfterEach
    void stop() {
        loop.stop();
        consumer.close();
    }

    @Test
    void sendsEachItemAsTheContractsJson() {
        consumer = StubConsumer.up();
        startDelivery();
        List<WorkItem> offered = offer(3);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 3);

        JsonNode first = consumer.received().getFirst();
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("id", "created_at", "enqueued_at", "payload");
        assertThat(first.required("payload").asString()).hasSize(64);
        assertThat(first.required("enqueued_at").longValue()).isPositive();
        assertThat(consumer.receivedIds()).containsExactlyElementsOf(offered.stream().map(WorkItem::id).toList());
        assertThat(health.view()).isEqualTo(new ConsumerHealth.View(true, null, Duration.ZERO));
        assertThat(registry.get("producer.queue.wait").tag("priority", "sheddable").timer().count()).isEqualTo(3);
        assertBooksBalance();
    }

    @Test
    void marksEachItemInTheItemPriorityHeaderOnlyAndKeepsItsMarkForRetries() {
        consumer = StubConsumer.up().answering(200, 200, 200, 500, 200, 200, 200, 200, 200);
        startDelivery();
        offer(8);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 8);

        List<String> marks = consumer.receivedHeaders().stream().map(headers -> headers.getFirst("Item-Priority"))
                .toList();
        // the fourth request failed with 500 and item 4 was sent again, still critical
        assertThat(consumer.receivedIds()).containsExactly(1L, 2L, 3L, 4L, 4L, 5L, 6L, 7L, 8L);
        assertThat(marks).containsExactly("sheddable", "sheddable", "sheddable", "critical", "critical",
                "sheddable", "sheddable", "sheddable", "critical");
        assertThat(consumer.received()).allSatisfy(item -> assertThat(item.propertyNames())
                .containsExactlyInAnyOrder("id", "created_at", "enqueued_at", "payload"));
        assertBooksBalance();
    }

    @Test
    void itemsAnsweredByTheirClientDeadlineAreGoodAndTheLateOnesOnlySent() {
        consumer = StubConsumer.up().taking(TAKING);
        List<WorkItem> offered = offer(4, CLIENT_DEADLINE_MS);
        startDelivery(Duration.ofSeconds(2));

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 4);

        assertThat(ledger.snapshot().good()).as("answered after about 400 and 800 ms; 1200 and 1600 are late")
                .isEqualTo(2);
        Timer latency = registry.get("producer.good.item.latency").tag("priority", "sheddable").timer();
        assertThat(latency.count()).as("only the good items' latency").isEqualTo(2);
        assertThat(registry.get("producer.good.item.latency").tag("priority", "critical").timer().count())
                .as("item 4, critical, answered late").isZero();
        assertThat(latency.max(TimeUnit.MILLISECONDS)).isBetween(800.0, (double) CLIENT_DEADLINE_MS);
        assertThat(consumer.received()).allSatisfy(item -> assertThat(item.propertyNames())
                .as("the deadline goes beside the item's JSON, not in it")
                .containsExactlyInAnyOrder("id", "created_at", "enqueued_at", "payload"));
        assertThat(consumer.receivedHeaders()).extracting(headers -> headers.getFirst("Item-Deadline"))
                .containsExactlyElementsOf(offered.stream()
                        .map(item -> String.valueOf(item.createdAt() + CLIENT_DEADLINE_MS)).toList());
        assertBooksBalance();
    }

    @Test
    void withoutAClientDeadlineEveryDeliveredItemIsGoodAndNoDeadlineIsSent() {
        consumer = StubConsumer.up().taking(TAKING);
        offer(3);
        startDelivery(Duration.ofSeconds(2));

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 3);

        assertThat(ledger.snapshot().good()).isEqualTo(3);
        Timer latency = registry.get("producer.good.item.latency").tag("priority", "sheddable").timer();
        assertThat(latency.count()).isEqualTo(3);
        assertThat(latency.max(TimeUnit.MILLISECONDS)).as("the third waited for two answers before its own")
                .isGreaterThanOrEqualTo(1200.0);
        assertThat(consumer.receivedHeaders()).allSatisfy(headers -> assertThat(headers.containsKey("Item-Deadline"))
                .isFalse());
        assertBooksBalance();
    }

    @Test
    void aDeadConsumerCostsBackedOffAttemptsAndNoItemsThenEverythingIsSent() {
        consumer = StubConsumer.down();
        startDelivery();
        offer(5);
        long start = System.nanoTime();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().failedAttempts() >= 6);

        // pauses of 20, 40, 80, 160 and 160 ms lie between the first and the sixth attempt
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("backing off, not spinning")
                .isGreaterThan(Duration.ofMillis(400));
        assertThat(health.view().reachable()).isFalse();
        assertThat(health.view().lastError()).contains("ConnectException");
        assertThat(health.view().backoff()).isEqualTo(Duration.ofMillis(160));
        LedgerSnapshot outage = ledger.snapshot();
        assertThat(outage.sent()).isZero();
        assertThat(outage.failed()).isZero();
        assertThat(outage.size() + outage.inFlight()).as("no item is lost").isEqualTo(5);
        assertBooksBalance();

        consumer.start();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 5);
        assertThat(ledger.snapshot().size()).isZero();
        assertThat(health.view().reachable()).isTrue();
        assertThat(health.view().backoff()).isZero();
        assertBooksBalance();
    }

    @Test
    void serverErrorsAreRetriedHeadFirstUntilTheConsumerRecovers() {
        consumer = StubConsumer.up().answering(500);
        startDelivery();
        List<Long> ids = offer(3).stream().map(WorkItem::id).toList();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().failedAttempts() >= 3);
        assertThat(consumer.receivedIds()).as("the failed item stays first in line").containsOnly(ids.getFirst());
        assertThat(health.view().lastError()).isEqualTo("HTTP 500 from the consumer");

        consumer.answering(200);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 3);
        List<Long> received = consumer.receivedIds();
        assertThat(received.subList(received.size() - 3, received.size())).containsExactlyElementsOf(ids);
        assertThat(ledger.snapshot().failed()).isZero();
        assertThat(registry.get("producer.queue.wait").timers().stream().mapToLong(Timer::count).sum())
                .as("one queue wait per item, not per attempt").isEqualTo(3);
        assertBooksBalance();
    }

    @Test
    void aTimedOutRequestIsRetried() {
        consumer = StubConsumer.up().taking(REQUEST_TIMEOUT.multipliedBy(2));
        startDelivery();
        offer(1);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().failedAttempts() >= 1);
        assertThat(health.view().lastError()).contains("HttpTimeoutException");
        consumer.taking(Duration.ZERO);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 1);
        assertBooksBalance();
    }

    @Test
    void aThrottledItemIsKeptAndSentAgainAfterRetryAfterNeverCountedAsFailed() {
        consumer = StubConsumer.up().answering(429).retryAfter("1");
        startDelivery();
        offer(1);
        await().atMost(PATIENCE).until(() -> ledger.snapshot().throttled() == 1);
        long throttledAt = System.nanoTime();
        consumer.answering(200).retryAfter(null);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 1);

        // Retry-After: 1 plus up to 10 % jitter, not the 20 ms backoff
        assertThat(Duration.ofNanos(System.nanoTime() - throttledAt)).isBetween(Duration.ofMillis(900),
                Duration.ofMillis(5000));
        LedgerSnapshot books = ledger.snapshot();
        assertThat(books.failed()).isZero();
        assertThat(books.failedAttempts()).isZero();
        assertThat(books.throttled()).isEqualTo(1);
        assertThat(health.view().reachable()).isTrue();
        assertBooksBalance();
    }

    @Test
    void aServiceUnavailableWithRetryAfterIsAThrottleAndA429WithoutItIsRetriedAfterTheBackoff() {
        consumer = StubConsumer.up().answering(503, 429, 200).retryAfter("0");
        startDelivery();
        offer(1);
        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 1);
        assertThat(ledger.snapshot().throttled()).isEqualTo(2);

        consumer.answering(429, 200).retryAfter(null);
        offer(1);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 2);
        assertThat(ledger.snapshot().failedAttempts()).as("a 429 without Retry-After is backed off").isEqualTo(1);
        assertThat(ledger.snapshot().failed()).as("and never refused for good").isZero();
        assertBooksBalance();
    }

    @Test
    void aRefusedItemFailsForGoodWithoutRetries() {
        consumer = StubConsumer.up().answering(400);
        startDelivery();
        offer(2);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().failed() == 2);

        assertThat(consumer.received()).as("each sent once").hasSize(2);
        assertThat(ledger.snapshot().failedAttempts()).isZero();
        assertThat(ledger.snapshot().sent()).isZero();
        assertThat(health.view()).isEqualTo(new ConsumerHealth.View(true, "HTTP 400 from the consumer", Duration.ZERO));
        assertBooksBalance();
    }

    @Test
    void anItemAnsweredExpiredIsDroppedAsExpiredAtConsumerAndNeverSentAgain() {
        consumer = StubConsumer.up().answering(410, 200);
        startDelivery();
        // a 1 ms client deadline: past when the answer comes, so the expiry is the item's
        offer(2, 1);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 1 && ledger.snapshot().dropped() == 1);

        await("no retry of item 1").during(Duration.ofMillis(300)).atMost(PATIENCE)
                .until(() -> consumer.receivedIds().equals(List.of(1L, 2L)));
        LedgerSnapshot books = ledger.snapshot();
        assertThat(ledger.totals().dropped(ItemLedger.EXPIRED_AT_CONSUMER)).isEqualTo(1);
        assertThat(books.failed()).as("not refused: dropped").isZero();
        assertThat(books.failedAttempts()).isZero();
        assertThat(health.view().reachable()).isTrue();
        assertBooksBalance();
    }

    @Test
    void withDropPastDeadlineItemsTakenPastTheirClientDeadlineAreDroppedUnsent() {
        dropPastDeadline = true;
        // answered after about 600 ms each: item 2 is taken at about 600 ms, in time; 3 and 4 at about 1200, too late
        consumer = StubConsumer.up().taking(Duration.ofMillis(600));
        offer(4, CLIENT_DEADLINE_MS);
        startDelivery(Duration.ofSeconds(2));

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 2 && ledger.snapshot().size() == 0);

        assertThat(consumer.receivedIds()).containsExactly(1L, 2L);
        assertThat(ledger.totals().dropped(ItemLedger.CLIENT_DEADLINE)).isEqualTo(2);
        assertThat(ledger.snapshot().good()).as("item 2 was sent in time but answered after its deadline")
                .isEqualTo(1);
        assertBooksBalance();
    }

    @Test
    void aBoundedQueueStaysWithinItsBoundWhileTheConsumerIsDown() {
        consumer = StubConsumer.down();
        ledger.switchMode(boundedAtFour);
        startDelivery();
        offer(1);
        await().atMost(PATIENCE).until(() -> ledger.snapshot().failedAttempts() >= 2);

        offer(10);

        LedgerSnapshot outage = ledger.snapshot();
        assertThat(outage.size()).as("the item being retried does not come back into the queue").isEqualTo(4);
        assertThat(outage.inFlight()).isEqualTo(1);
        assertThat(outage.rejected()).isEqualTo(6);
        await().atMost(PATIENCE).until(() -> ledger.snapshot().failedAttempts() >= 4);
        assertThat(ledger.snapshot().size()).isEqualTo(4);
        assertBooksBalance();
    }

    @Test
    void stoppingDuringTheBackoffReturnsTheItemToTheQueue() {
        consumer = StubConsumer.down();
        startDelivery();
        offer(1);
        await().atMost(PATIENCE).until(() -> ledger.snapshot().failedAttempts() >= 1);

        loop.stop();

        LedgerSnapshot books = ledger.snapshot();
        assertThat(books.inFlight()).isZero();
        assertThat(books.size()).isEqualTo(1);
        assertBooksBalance();
    }

    @Test
    void stoppingLetsTheRequestInProgressFinish() {
        consumer = StubConsumer.up().taking(Duration.ofMillis(300));
        startDelivery();
        offer(1);
        await().atMost(PATIENCE).until(() -> consumer.received().size() == 1);

        loop.stop();

        LedgerSnapshot books = ledger.snapshot();
        assertThat(books.sent()).isEqualTo(1);
        assertThat(books.inFlight()).isZero();
        assertThat(books.failedAttempts()).isZero();
    }

    @Test
    void aGoneForAnItemStillInTimeIsItsAttemptsDeadlineAndTheItemIsSentAgain() {
        consumer = StubConsumer.up().answering(410, 200, 200);
        startDelivery();
        offer(2);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 2);

        assertThat(consumer.receivedIds()).containsExactly(1L, 1L, 2L);
        assertThat(ledger.totals().dropped(ItemLedger.EXPIRED_AT_CONSUMER)).isZero();
        assertThat(ledger.totals().attempts(AttemptOutcome.TIMED_OUT)).isEqualTo(1);
        assertBooksBalance();
    }

    @Test
    void maxAttemptsGivesAnItemUpAsAttemptsExhaustedAndEachAttemptCarriesItsOwnDeadline() {
        consumer = StubConsumer.up().answering(500, 500, 200);
        // generous, so that on a busy machine every attempt gets the stub's answer rather than a timeout
        Duration attemptTimeout = Duration.ofSeconds(5);
        loop = TestDeliveries.start(ledger, consumer, 1, attemptTimeout, health, registry,
                Batchings.oneItem(registry), new RetryPolicy(TestSettings.of(new RetryPolicy.Retries(
                        attemptTimeout.toMillis(), 2, "none"))));
        long before = System.currentTimeMillis();
        offer(2);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 1);

        assertThat(consumer.receivedIds()).as("item 1 twice, then given up").containsExactly(1L, 1L, 2L);
        assertThat(ledger.totals().dropped(ItemLedger.ATTEMPTS_EXHAUSTED)).isEqualTo(1);
        assertThat(ledger.totals().attempts(AttemptOutcome.UNAVAILABLE)).isEqualTo(2);
        assertThat(ledger.totals().attempts(AttemptOutcome.DELIVERED)).isEqualTo(1);
        assertThat(ledger.snapshot().attempts()).isEqualTo(3);
        long after = System.currentTimeMillis();
        assertThat(consumer.receivedHeaders()).extracting(headers -> Long.parseLong(headers.getFirst("Attempt-Deadline")))
                .allSatisfy(deadline -> assertThat(deadline)
                        .isBetween(before + attemptTimeout.toMillis(), after + attemptTimeout.toMillis()))
                .doesNotHaveDuplicates();
        assertBooksBalance();
    }

    @Test
    void aRetryBeyondTheBudgetGoesBackToTheQueueSoItsWorkerSendsTheItemsBehindAndItIsDeniedOnce() {
        consumer = StubConsumer.up().answering(500);
        // no percent and no floor: not one retry is ever allowed
        RetryBudgetPolicy budget = new RetryBudgetPolicy(TestSettings.of(new RetryBudgetPolicy.Budget("on", 0, 0)));
        loop = TestDeliveries.start(ledger, consumer, 1, REQUEST_TIMEOUT, health, registry,
                Batchings.oneItem(registry), budget);
        offer(1);
        await().atMost(PATIENCE).until(() -> denied(budget) == 1);
        consumer.answering(200);

        offer(2);

        // the one worker is not stuck with item 1's denied retry: it delivers items 2 and 3
        await("the one worker sends items 2 and 3 while item 1's retry is denied").atMost(PATIENCE)
                .until(() -> ledger.snapshot().sent() == 2);
        await("item 1 asked for its retry again and again: denied, counted once, never sent, never lost")
                .during(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> {
                    LedgerSnapshot books = ledger.snapshot();
                    return denied(budget) == 1 && books.sent() == 2 && books.size() + books.inFlight() == 1;
                });
        assertThat(consumer.receivedIds()).containsExactly(1L, 2L, 3L);
        assertThat(ledger.snapshot().failedAttempts()).isEqualTo(1);
        assertThat(ledger.snapshot().dropped()).isZero();
        assertBooksBalance();
    }

    private static long denied(RetryBudgetPolicy budget) {
        return (long) budget.status().get("retries_denied");
    }

    @Test
    void idleWorkersHoldNoDeliverySlotSoInFlightCountsOnlyRealDeliveries() {
        consumer = StubConsumer.up();
        loop = TestDeliveries.start(ledger, consumer, 4, REQUEST_TIMEOUT, health, registry,
                Batchings.oneItem(registry));
        await("four idle workers, nothing in flight").during(Duration.ofMillis(300)).atMost(PATIENCE)
                .until(() -> registry.get("producer.delivery.in.flight").gauge().value() == 0);

        offer(2);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 2);
        await("the slots are given back once the items are settled").atMost(PATIENCE)
                .until(() -> registry.get("producer.delivery.in.flight").gauge().value() == 0);
        assertBooksBalance();
    }

    private void startDelivery() {
        startDelivery(REQUEST_TIMEOUT);
    }

    private void startDelivery(Duration requestTimeout) {
        loop = TestDeliveries.start(ledger, consumer, 1, requestTimeout, health, registry,
                Batchings.oneItem(registry));
    }

    private List<WorkItem> offer(int count) {
        return offer(count, 0);
    }

    private List<WorkItem> offer(int count, long clientDeadlineMs) {
        List<WorkItem> offered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WorkItem item = items.create(64, clientDeadlineMs);
            offered.add(item);
            ledger.offer(item);
        }
        return offered;
    }

    private void assertBooksBalance() {
        Ledgers.assertBalanced(ledger.snapshot());
    }
}
