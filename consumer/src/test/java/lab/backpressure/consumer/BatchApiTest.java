package lab.backpressure.consumer;

import static lab.backpressure.consumer.ConsumerClient.WHOLE_BODY;
import static lab.backpressure.consumer.ConsumerClient.batch;
import static lab.backpressure.consumer.ConsumerClient.value;
import static lab.backpressure.consumer.ConsumerClient.workItem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import lab.backpressure.consumer.ConsumerClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code POST /process/batch}, with small batch limits so that oversized batches are cheap to send. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"lab.consumer.max-batch-size=" + BatchApiTest.MAX_ITEMS,
                "lab.consumer.max-batch-bytes=" + BatchApiTest.MAX_KILOBYTES + "KB"})
class BatchApiTest {

    static final int MAX_ITEMS = 50;
    static final int MAX_KILOBYTES = 64;

    private static final String HALF_THE_LIMIT = "x".repeat(MAX_KILOBYTES * 1024 / 2);
    private static final String TWO_HALVES = "[%s, %s]".formatted(
            workItem(1, System.currentTimeMillis(), "\"note\": \"" + HALF_THE_LIMIT + "\""),
            workItem(2, System.currentTimeMillis(), "\"note\": \"" + HALF_THE_LIMIT + "\""));

    @LocalServerPort
    private int port;

    private ConsumerClient consumer;

    @BeforeEach
    void fastProcessingInOneSlot() throws Exception {
        consumer = new ConsumerClient(port);
        consumer.reset("{\"processing_time_ms\": 5}");
    }

    @Test
    void aBatchOfTwentyTakesTheOverheadOnceAndEachItemInOneSlot() throws Exception {
        consumer.post("/admin/config", "{\"request_overhead_ms\": 50}");
        long processedBefore = consumer.status().get("processed").asLong();

        long start = System.nanoTime();
        Answer answer = consumer.post("/process/batch", batch(20));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.json().get("results");
        assertThat(results.valueStream().map(r -> r.get("id").asLong()))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(results.valueStream().map(r -> r.get("status").asString())).containsOnly("processed");
        assertThat(results.valueStream().map(r -> r.get("processing_time_ms").asLong())).containsOnly(5L);
        assertThat(took).as("50 ms overhead + 20 x 5 ms")
                .isBetween(Duration.ofMillis(150), Duration.ofSeconds(3));
        JsonNode status = consumer.status();
        assertThat(status.get("processed").asLong()).isEqualTo(processedBefore + 20);
        assertThat(status.get("last_batch_size").asInt()).isEqualTo(20);
        assertThat(status.get("capacity_per_second").asDouble()).isCloseTo(20 * 1000 / 150.0, within(1e-9));
    }

    @Test
    void aBatchHoldsOneSlotSoASingleItemPassesItInTheOther() throws Exception {
        consumer.post("/admin/config",
                "{\"processing_time_ms\": 20, \"request_overhead_ms\": 100, \"concurrency\": 2}");

        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Answer> batch = senders.submit(() -> consumer.post("/process/batch", batch(20)));
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> consumer.status().get("in_flight").asInt() == 1);

            Answer single = consumer.post("/process", workItem(99));

            assertThat(single.status()).isEqualTo(200);
            assertThat(batch).as("the batch of 100 + 20 x 20 ms is still in its slot").isNotDone();
            assertThat(consumer.status().get("in_flight").asInt()).isEqualTo(1);
            assertThat(batch.get().status()).isEqualTo(200);
        }
    }

    @Test
    void aSingleItemCountsAsABatchOfOneForTheCapacity() throws Exception {
        consumer.post("/process/batch", batch(3));
        assertThat(consumer.status().get("last_batch_size").asInt()).isEqualTo(3);

        consumer.post("/process", workItem(4));

        JsonNode status = consumer.status();
        assertThat(status.get("last_batch_size").asInt()).isEqualTo(1);
        assertThat(status.get("capacity_per_second").asDouble()).isEqualTo(200.0);
    }

    @Test
    void metricsCountTheBatchAndEachOfItsItems() throws Exception {
        String before = consumer.scrape();

        consumer.post("/process/batch", batch(7));

        String after = consumer.scrape();
        assertThat(value(after, "consumer_batch_size_count") - value(before, "consumer_batch_size_count"))
                .isEqualTo(1);
        assertThat(value(after, "consumer_batch_size_sum") - value(before, "consumer_batch_size_sum")).isEqualTo(7);
        assertThat(value(after, "consumer_items_processed_total") - value(before, "consumer_items_processed_total"))
                .isEqualTo(7);
        String latencyCount = "consumer_end_to_end_latency_seconds_count";
        String sheddable = "priority=\"sheddable\"";
        assertThat(value(after, latencyCount, sheddable) - value(before, latencyCount, sheddable)).isEqualTo(7);
    }

    static Stream<Arguments> badBatches() {
        String one = workItem(1);
        return Stream.of(
                Arguments.of("[]", 400, WHOLE_BODY),
                Arguments.of(one, 400, WHOLE_BODY),
                Arguments.of("\"items\"", 400, WHOLE_BODY),
                Arguments.of("[" + one + ", ", 400, WHOLE_BODY),
                Arguments.of("[" + one + ", {\"created_at\": 1700000000000}]", 400, "[1].id"),
                Arguments.of("[" + one + ", {\"id\": 2}]", 400, "[1].created_at"),
                Arguments.of("[" + one + ", null]", 400, "[1]"),
                Arguments.of("[" + one + ", 5]", 400, "[1]"),
                Arguments.of("[" + one + ", {\"id\": 2, \"created_at\": \"today\"}]", 400, "[1].created_at"),
                Arguments.of(batch(MAX_ITEMS + 1), 413, WHOLE_BODY),
                Arguments.of(TWO_HALVES, 413, WHOLE_BODY));
    }

    @ParameterizedTest(name = "{1} {2}: {index}")
    @MethodSource("badBatches")
    void aBadBatchIsRefusedWholeAndNothingInItIsProcessed(String body, int status, String field) throws Exception {
        JsonNode before = consumer.status();

        Answer answer = consumer.post("/process/batch", body);

        answer.problem(status, field);
        assertThat(consumer.status()).isEqualTo(before);
    }

    @Test
    void aChunkedBatchIsRefusedOnceItOutgrowsTheByteLimit() throws Exception {
        JsonNode before = consumer.status();

        Answer answer = consumer.postChunked("/process/batch", TWO_HALVES);

        assertThat(answer.problem(413, WHOLE_BODY).get("detail").asString())
                .contains(String.valueOf(MAX_KILOBYTES * 1024));
        assertThat(consumer.status()).isEqualTo(before);
    }
}
