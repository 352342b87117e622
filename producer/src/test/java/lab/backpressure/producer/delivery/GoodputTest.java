package lab.backpressure.producer.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.accounting.LedgerSnapshot;
import lab.backpressure.producer.delivery.batch.BatchSettings;
import lab.backpressure.producer.delivery.batch.FixedBatchSizing;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.queue.UnboundedMode;
import lab.backpressure.producer.testing.Batchings;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.StubConsumer;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client deadlines on the wire and good items in the books, against a stub consumer that takes 400 ms per request
 * and one worker: the n-th item queued at once is answered about n × 400 ms after its creation.
 */
class GoodputTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PER_REQUEST = Duration.ofMillis(400);
    /** Between the second answer (800 ms) and the third (1200 ms), 200 ms from each. */
    private static final long CLIENT_DEADLINE_MS = 1000;

    private final ItemFactory items = new ItemFactory(Clock.systemUTC());
    private final ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), new UnboundedMode());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestSettings batchSettings = TestSettings.of(Batchings.ONE_ITEM, Batchings.RTT_TARGET);
    private final StubConsumer consumer = StubConsumer.up().taking(PER_REQUEST);
    private DeliveryLoop loop;

    @AfterEach
    void stop() {
        loop.stop();
        consumer.close();
    }

    @Test
    void itemsAnsweredByTheirDeadlineAreGoodAndTheLateOnesOnlySent() {
        List<WorkItem> offered = offer(4, CLIENT_DEADLINE_MS);
        startDelivery();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 4);

        LedgerSnapshot books = ledger.snapshot();
        assertThat(books.good()).as("answered after about 400 and 800 ms; 1200 and 1600 ms are late").isEqualTo(2);
        Timer latency = registry.get("producer.good.item.latency").timer();
        assertThat(latency.count()).as("only the good items' latency").isEqualTo(2);
        assertThat(latency.max(TimeUnit.MILLISECONDS)).isBetween(800.0, (double) CLIENT_DEADLINE_MS);
        assertThat(consumer.received()).allSatisfy(item -> assertThat(item.propertyNames())
                .as("the deadline goes beside the item's JSON, not in it")
                .containsExactlyInAnyOrder("id", "created_at", "enqueued_at", "payload"));
        assertThat(consumer.receivedHeaders()).extracting(headers -> headers.getFirst("Item-Deadline"))
                .containsExactlyElementsOf(offered.stream()
                        .map(item -> String.valueOf(item.createdAt() + CLIENT_DEADLINE_MS)).toList());
        Ledgers.assertBalanced(books);
    }

    @Test
    void withoutADeadlineEveryDeliveredItemIsGoodAndNoHeaderIsSent() {
        offer(3, 0);
        startDelivery();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 3);

        assertThat(ledger.snapshot().good()).isEqualTo(3);
        Timer latency = registry.get("producer.good.item.latency").timer();
        assertThat(latency.count()).isEqualTo(3);
        assertThat(latency.max(TimeUnit.MILLISECONDS)).as("the third waited for two answers before its own")
                .isGreaterThanOrEqualTo(1200.0);
        assertThat(consumer.receivedHeaders()).allSatisfy(headers -> assertThat(headers.containsKey("Item-Deadline"))
                .isFalse());
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void aBatchCarriesEachItemsDeadlineAndItsItemsAreJudgedOneByOne() {
        batchSettings.set(new BatchSettings(FixedBatchSizing.NAME, 3, 0));
        offer(1, 0);
        offer(1, 100);
        offer(1, CLIENT_DEADLINE_MS);
        startDelivery();

        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 3);

        assertThat(consumer.batches()).as("one request").hasSize(1);
        List<JsonNode> sent = consumer.received();
        assertThat(sent.getFirst().has("deadline_at")).as("no deadline, no field").isFalse();
        assertThat(sent.get(1).required("deadline_at").longValue())
                .isEqualTo(sent.get(1).required("created_at").longValue() + 100);
        assertThat(sent.get(2).required("deadline_at").longValue())
                .isEqualTo(sent.get(2).required("created_at").longValue() + CLIENT_DEADLINE_MS);
        assertThat(consumer.receivedHeaders().getFirst().containsKey("Item-Deadline")).as("a batch has no one deadline")
                .isFalse();
        assertThat(ledger.snapshot().good()).as("all answered after about 400 ms: the 100 ms one too late")
                .isEqualTo(2);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    private void startDelivery() {
        loop = TestDeliveries.start(ledger, consumer, 1, REQUEST_TIMEOUT, new ConsumerHealth(TestDeliveries.FAST_BACKOFF),
                registry, Batchings.batching(batchSettings, registry));
    }

    private List<WorkItem> offer(int count, long clientDeadlineMs) {
        List<WorkItem> offered = Stream.generate(() -> items.create(64, clientDeadlineMs))
                .limit(count).toList();
        offered.forEach(ledger::offer);
        return offered;
    }
}
