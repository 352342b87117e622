package lab.backpressure.producer.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import lab.backpressure.producer.testing.ProducerApi;
import lab.backpressure.producer.testing.RegisteredStrategies;
import lab.backpressure.producer.testing.StubConsumer;
import lab.backpressure.support.settings.Strategies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The accounting identities read from {@code /status} while everything moves at once: the generator at
 * 300/s, two delivery threads, a consumer that succeeds, fails with 500 and refuses with 400 in turn,
 * bursts, clears and switches through every registered queue mode, delivery limit, batch sizing and arrival
 * process. Every single reading must balance exactly.
 */
@SpringBootTest(properties = {
        "lab.producer.production-rate=300",
        "lab.producer.payload-bytes=256",
        "lab.producer.delivery.limits.fixed.delivery-concurrency=2",
        "lab.producer.delivery.backoff.initial=5ms",
        "lab.producer.delivery.backoff.max=20ms"})
// thousands of requests: printing each one on failure would cost more CPU than the traffic itself
@AutoConfigureMockMvc(print = MockMvcPrint.NONE)
@DirtiesContext
class AccountingUnderTrafficTest {

    private static final int MIN_READINGS = 400;
    private static final long ENOUGH = 5;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Mostly successes, with a failure to retry and a refusal in every ten answers. */
    private static final StubConsumer CONSUMER = StubConsumer.up()
            .taking(Duration.ofMillis(1))
            .answering(200, 200, 200, 200, 200, 500, 200, 200, 200, 400);

    /**
     * Every registered strategy of every kind (each {@link Strategies} bean), by its admin field and name, with
     * parameters that make it act within a round: small bounds, short waits, small batches. A round chooses the next
     * of each kind; {@link #everyRegisteredStrategyHasARound} fails for a strategy registered without one here.
     */
    private static final Map<String, Map<String, String>> STRATEGIES = Map.of(
            "queue_mode", Map.ofEntries(
                    Map.entry("bounded", "{\"queue_mode\": \"bounded\", \"max_queue_size\": 20}"),
                    Map.entry("rate_limited", "{\"queue_mode\": \"rate_limited\", \"rate_limit\": 100}"),
                    Map.entry("drop_oldest", "{\"queue_mode\": \"drop_oldest\"}"),
                    Map.entry("block", "{\"queue_mode\": \"block\", \"block_timeout_ms\": 5}"),
                    Map.entry("watermark", "{\"queue_mode\": \"watermark\", \"high_watermark\": 15, \"low_watermark\": 5}"),
                    Map.entry("sample", "{\"queue_mode\": \"sample\", \"sample_threshold\": 5, \"sample_rate\": 0.5}"),
                    Map.entry("deadline", "{\"queue_mode\": \"deadline\", \"deadline_ms\": 2}"),
                    Map.entry("adaptive", "{\"queue_mode\": \"adaptive\", \"target_wait_ms\": 5}"),
                    Map.entry("codel", "{\"queue_mode\": \"codel\", \"codel_target_ms\": 2, \"codel_interval_ms\": 20}"),
                    Map.entry("token_bucket", "{\"queue_mode\": \"token_bucket\", \"bucket_capacity\": 10, \"refill_per_second\": 100}"),
                    Map.entry("unbounded", "{\"queue_mode\": \"unbounded\"}")),
            "take_order", Map.of(
                    "fifo", "{\"take_order\": \"fifo\"}",
                    "lifo", "{\"take_order\": \"lifo\"}",
                    "adaptive_lifo", "{\"take_order\": \"adaptive_lifo\", \"lifo_after_ms\": 5}",
                    "priority", "{\"take_order\": \"priority\", \"critical_share\": 0.2}"),
            "delivery_limit", Map.of(
                    "fixed", "{\"delivery_limit\": \"fixed\"}",
                    "aimd", "{\"delivery_limit\": \"aimd\", \"aimd_timeout_ms\": 50}",
                    "vegas", "{\"delivery_limit\": \"vegas\"}",
                    "gradient2", "{\"delivery_limit\": \"gradient2\"}",
                    "credit", "{\"delivery_limit\": \"credit\"}"),
            "batching", Map.of(
                    "fixed", "{\"batching\": \"fixed\", \"batch_size\": 3}",
                    "adaptive", "{\"batching\": \"adaptive\", \"batch_size\": 5}"),
            "transport", Map.of("http", "{\"transport\": \"http\"}"),
            "arrival", Map.of(
                    "constant", "{\"arrival\": \"constant\"}",
                    "poisson", "{\"arrival\": \"poisson\"}",
                    "bursty", "{\"arrival\": \"bursty\", \"burst_on_ms\": 20, \"burst_off_ms\": 20}"));
    /** The requests of each kind in a fixed order, so that every round moves each kind on to its next. */
    private static final List<List<String>> ROUNDS = STRATEGIES.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(kind -> kind.getValue().entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue)
                    .toList())
            .toList();
    /** Rounds enough for every strategy of every kind to have had its turn. */
    private static final int EVERY_STRATEGY = ROUNDS.stream().mapToInt(List::size).max().orElseThrow();

    @Autowired
    private List<Strategies<?>> registries;
    private final AtomicInteger rounds = new AtomicInteger();
    private ProducerApi api;

    @DynamicPropertySource
    static void consumer(DynamicPropertyRegistry registry) {
        registry.add("lab.producer.consumer-url", CONSUMER::url);
    }

    @AfterAll
    static void stopConsumer() {
        CONSUMER.close();
    }

    @Autowired
    void api(MockMvcTester mvc) {
        api = new ProducerApi(mvc);
    }

    @Test
    void everyRegisteredStrategyHasARound() {
        RegisteredStrategies.assertEveryOneHasARow(registries, STRATEGIES, "STRATEGIES");
    }

    @Test
    void everyStatusReadingBalancesWhileTrafficFlows() {
        AtomicBoolean reading = new AtomicBoolean(true);
        // its own thread, not the common pool: Spring's JDK-client requests need a free common-pool worker
        ExecutorService stirrer = Executors.newSingleThreadExecutor();
        Future<?> chaos = stirrer.submit(() -> stirUntil(reading));
        List<JsonNode> readings = new CopyOnWriteArrayList<>();
        try {
            // read on until every kind of movement has happened, however slow the machine is today
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1)).until(() -> {
                JsonNode status = api.status();
                readings.add(status);
                return readings.size() >= MIN_READINGS && everyMovementHappened(status.required("totals"));
            });
        } finally {
            reading.set(false);
            stirrer.close();
        }
        assertThat(chaos).succeedsWithin(Duration.ZERO);

        assertThat(readings).allSatisfy(ProducerApi::assertBooksBalance);
    }

    /** Delivered, rejected, dropped, refused by the consumer and retried; and every strategy had its turn. */
    private boolean everyMovementHappened(JsonNode totals) {
        return rounds.get() >= EVERY_STRATEGY
                && Stream.of("sent", "rejected", "dropped", "failed", "failed_attempts")
                .allMatch(total -> totals.required(total).longValue() >= ENOUGH);
    }

    /** One round after another of everything that moves items, until the readings are done. */
    private void stirUntil(AtomicBoolean reading) {
        for (int round = 0; reading.get(); round++) {
            for (List<String> kind : ROUNDS) {
                api.postOk("/admin/config", kind.get(round % kind.size()));
            }
            rounds.incrementAndGet();
            api.postOk("/produce", "{\"count\": 50}");
            if (round % 3 == 2) {
                api.clearQueue();
            }
        }
    }
}
