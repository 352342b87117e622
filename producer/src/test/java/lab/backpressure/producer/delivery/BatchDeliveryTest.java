package lab.backpressure.producer.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.LedgerSnapshot;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.delivery.batch.AdaptiveBatchSizing;
import lab.backpressure.producer.delivery.batch.BatchSettings;
import lab.backpressure.producer.delivery.batch.Batching;
import lab.backpressure.producer.delivery.batch.FixedBatchSizing;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.mode.UnboundedMode;
import lab.backpressure.producer.testing.Batchings;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.StubConsumer;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery in batches against a stub consumer that answers {@code /process/batch} item by item: one worker, so
 * the order of requests is exact.
 */
class BatchDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    /** Every fourth item critical: ids 4, 8, 12, ... */
    private final ItemFactory items = Items.factory(Clock.systemUTC(), 0.25);
    private final ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), new UnboundedMode());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerHealth health = new ConsumerHealth(TestDeliveries.FAST_BACKOFF);
    private final TestSettings settings = TestSettings.of(Batchings.ONE_ITEM, Batchings.RTT_TARGET);
    private final Batching batching = Batchings.batching(settings, registry);
    private StubConsumer consumer;
    private DeliveryLoop loop;

    @AfterEach
    void stop() {
        loop.stop();
        consumer.close();
    }

    @Test
    void aBatchOfTwentyGoesOutAsOneRequestAndIsSettledAsTwentyItems() {
        consumer = StubConsumer.up();
        batchesOf(FixedBatchSizing.NAME, 20);
        offer(20);
        startDelivery();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 20);

        assertThat(consumer.batches()).containsExactly(ids(1, 20));
        assertThat(consumer.received()).allSatisfy(item -> assertThat(item.propertyNames())
                .containsExactlyInAnyOrder("id", "created_at", "enqueued_at", "payload"));
        assertThat(consumer.receivedHeaders().getFirst().getFirst("Item-Priority"))
                .as("critical: items 4, 8, ... are in it").isEqualTo("critical");
        DistributionSummary sizes = registry.get("producer.batch.size").summary();
        assertThat(sizes.count()).isEqualTo(1);
        assertThat(sizes.totalAmount()).isEqualTo(20);
        assertThat(queueWaits("critical")).as("one queue wait per item, by its priority: 4, 8, 12, 16, 20").isEqualTo(5);
        assertThat(queueWaits("sheddable")).as("one queue wait per item, by its priority").isEqualTo(15);
        assertThat(batching.status()).containsEntry("batch_target", 20).containsEntry("last_batch_size", 20);
        assertBooksBalance();
    }

    @Test
    void withoutALingerABatchTakesWhatIsQueued() {
        consumer = StubConsumer.up();
        batchesOf(FixedBatchSizing.NAME, 10);
        offer(3);
        startDelivery();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 3);

        assertThat(consumer.batches()).containsExactly(ids(1, 3));
        assertBooksBalance();
    }

    @Test
    void aLingeringWorkerWaitsForAFullBatchAndSendsItAsSoonAsItIsThere() {
        consumer = StubConsumer.up();
        settings.set(new BatchSettings(FixedBatchSizing.NAME, 10, Duration.ofSeconds(30).toMillis()));
        offer(4);
        startDelivery();
        await("the worker lingers for ten").during(Duration.ofMillis(300)).atMost(PATIENCE)
                .until(() -> consumer.received().isEmpty());

        offer(6);

        await("ten are there: sent long before the 30 s linger is over").atMost(PATIENCE)
                .until(() -> ledger.snapshot().sent() == 10);
        assertThat(consumer.batches()).containsExactly(ids(1, 10));
        assertBooksBalance();
    }

    @Test
    void onlyTheFailedItemsOfABatchAreRetriedAsASmallerBatchAfterTheBackoff() {
        consumer = StubConsumer.up().failingOnce(2L, 4L);
        batchesOf(FixedBatchSizing.NAME, 5);
        offer(5);
        startDelivery();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 5);

        assertThat(consumer.batches()).containsExactly(ids(1, 5), List.of(2L, 4L));
        LedgerSnapshot books = ledger.snapshot();
        assertThat(books.failedAttempts()).as("one failed attempt for each failed item").isEqualTo(2);
        assertThat(books.failed()).isZero();
        assertThat(health.view().lastError()).isEqualTo("2 of the 5 items of a batch failed at the consumer");
        assertThat(health.view().reachable()).as("the retry was answered").isTrue();
        assertThat(queueWaits("critical") + queueWaits("sheddable")).as("not again for the retry").isEqualTo(5);
        assertBooksBalance();
    }

    @Test
    void expiredItemsOfABatchAreDroppedNeverRetriedWhileTheFailedOnesAre() {
        consumer = StubConsumer.up().expiring(1L, 3L).failingOnce(4L);
        batchesOf(FixedBatchSizing.NAME, 5);
        // a 1 ms client deadline, past when the answer comes: the expiries are the items' own, not the attempt's
        for (int i = 0; i < 5; i++) {
            ledger.offer(items.create(64, 1));
        }
        startDelivery();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 3);

        assertThat(consumer.batches()).as("the failed item alone goes to /process").containsExactly(ids(1, 5));
        assertThat(consumer.receivedIds()).containsExactly(1L, 2L, 3L, 4L, 5L, 4L);
        LedgerSnapshot books = ledger.snapshot();
        assertThat(ledger.totals().dropped(ItemLedger.EXPIRED_AT_CONSUMER)).isEqualTo(2);
        assertThat(books.dropped()).isEqualTo(2);
        assertThat(books.failedAttempts()).as("only item 4's").isEqualTo(1);
        assertThat(books.failed()).isZero();
        assertThat(books.inFlight()).isZero();
        assertBooksBalance();
    }

    @Test
    void aFailedItemRetriedAloneGoesToProcess() {
        consumer = StubConsumer.up().failingOnce(3L);
        batchesOf(FixedBatchSizing.NAME, 5);
        offer(5);
        startDelivery();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 5);

        assertThat(consumer.batches()).containsExactly(ids(1, 5));
        assertThat(consumer.receivedIds()).containsExactly(1L, 2L, 3L, 4L, 5L, 3L);
        assertBooksBalance();
    }

    @Test
    void aThrottledBatchIsKeptWholeAndSentAgainAfterRetryAfter() {
        consumer = StubConsumer.up().answering(429, 200).retryAfter("1");
        batchesOf(FixedBatchSizing.NAME, 5);
        offer(5);
        startDelivery();
        await().atMost(PATIENCE).until(() -> ledger.snapshot().throttled() == 5);
        long throttledAt = System.nanoTime();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 5);

        // Retry-After: 1 plus up to 10 % jitter, not the 20 ms backoff
        assertThat(Duration.ofNanos(System.nanoTime() - throttledAt)).isBetween(Duration.ofMillis(900),
                Duration.ofMillis(5000));
        assertThat(consumer.batches()).containsExactly(ids(1, 5), ids(1, 5));
        LedgerSnapshot books = ledger.snapshot();
        assertThat(books.throttled()).as("five items throttled, once").isEqualTo(5);
        assertThat(books.failedAttempts()).isZero();
        assertThat(books.failed()).isZero();
        assertBooksBalance();
    }

    @Test
    void aBatchTheConsumerFindsTooLargeIsSentInHalvesUntilTheyFit() {
        consumer = StubConsumer.up().takingBatchesUpTo(4);
        batchesOf(FixedBatchSizing.NAME, 10);
        offer(10);
        startDelivery();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 10);

        assertThat(consumer.batches()).containsExactly(ids(1, 10), ids(1, 5), ids(1, 2), ids(3, 5), ids(6, 10),
                ids(6, 7), ids(8, 10));
        LedgerSnapshot books = ledger.snapshot();
        assertThat(books.failed()).isZero();
        assertThat(books.failedAttempts()).isZero();
        assertBooksBalance();
    }

    @Test
    void stoppingWhileABatchIsRetriedReturnsItWholeToTheHeadInOrder() throws InterruptedException {
        consumer = StubConsumer.down();
        batchesOf(FixedBatchSizing.NAME, 5);
        offer(7);
        startDelivery();
        await().atMost(PATIENCE).until(() -> ledger.snapshot().failedAttempts() >= 5);

        loop.stop();

        LedgerSnapshot books = ledger.snapshot();
        assertThat(books.inFlight()).isZero();
        assertThat(books.size()).isEqualTo(7);
        assertBooksBalance();
        TakenBatch all = ledger.take(7, Duration.ZERO);
        assertThat(all.workItems()).extracting(WorkItem::id).containsExactlyElementsOf(ids(1, 7));
    }

    @Test
    void adaptiveGrowsByOneWhileABacklogStandsAndHalvesWhenTheQueueRunsDry() {
        consumer = StubConsumer.up();
        batchesOf(AdaptiveBatchSizing.NAME, 20);
        // a slow first request on a busy machine must not count as a slow round trip here
        settings.set(new AdaptiveBatchSizing.RttTarget(Duration.ofMinutes(1).toMillis()));
        offer(300);
        startDelivery();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 300);

        // 1 (to /process) + 2 + ... + 20 = 210 while the backlog stood, then full batches of 20; the last take
        // found 10 and emptied the queue: halved to 10
        assertThat(consumer.receivedIds()).hasSize(300).startsWith(1L, 2L, 3L);
        assertThat(consumer.batches()).extracting(List::size).containsExactlyElementsOf(
                Stream.concat(IntStream.rangeClosed(2, 20).boxed(), Stream.of(20, 20, 20, 20, 10)).toList());
        assertThat(target()).isEqualTo(10);

        for (long sent = 301; sent <= 304; sent++) {
            offer(1);
            long expected = sent;
            await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == expected);
        }

        assertThat(target()).as("one item at a time, each take halves it: 5, 2, 1, 1").isEqualTo(1);
        assertBooksBalance();
    }

    private double target() {
        return registry.get("producer.batch.target").gauge().value();
    }

    @Test
    void aBatchCarriesEachItemsClientDeadlineAndItsItemsAreGoodOrNotEachByItsOwn() {
        consumer = StubConsumer.up().taking(Duration.ofMillis(400));
        batchesOf(FixedBatchSizing.NAME, 3);
        ledger.offer(items.create(64));
        ledger.offer(items.create(64, 100));
        ledger.offer(items.create(64, 60_000));
        startDelivery();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 3);

        assertThat(consumer.batches()).as("one request").hasSize(1);
        List<JsonNode> sent = consumer.received();
        assertThat(sent.getFirst().has("deadline_at")).as("no deadline, no field").isFalse();
        assertThat(sent.get(1).required("deadline_at").longValue())
                .isEqualTo(sent.get(1).required("created_at").longValue() + 100);
        assertThat(sent.get(2).required("deadline_at").longValue())
                .isEqualTo(sent.get(2).required("created_at").longValue() + 60_000);
        assertThat(consumer.receivedHeaders().getFirst().containsKey("Item-Deadline")).as("a batch has no one deadline")
                .isFalse();
        assertThat(ledger.snapshot().good()).as("all answered after about 400 ms: the 100 ms one too late")
                .isEqualTo(2);
        assertBooksBalance();
    }

    private void batchesOf(String sizing, int size) {
        settings.set(new BatchSettings(sizing, size, 0));
    }

    private void startDelivery() {
        loop = TestDeliveries.start(ledger, consumer, 1, Duration.ofSeconds(5), health, registry, batching);
    }

    private void offer(int count) {
        for (int i = 0; i < count; i++) {
            ledger.offer(items.create(64));
        }
    }

    private static List<Long> ids(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    private void assertBooksBalance() {
        Ledgers.assertBalanced(ledger.snapshot());
    }

    private long queueWaits(String priority) {
        return registry.get("producer.queue.wait").tag("priority", priority).timer().count();
    }
}
