package lab.backpressure.consumer;

import static lab.backpressure.consumer.ConsumerClient.WHOLE_BODY;
import static lab.backpressure.consumer.ConsumerClient.batch;
import static lab.backpressure.consumer.ConsumerClient.value;
import static lab.backpressure.consumer.ConsumerClient.workItem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import lab.backpressure.consumer.ConsumerClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoadSheddingApiTest {

    private static final String PRIORITY = "Item-Priority";
    private static final String DRAIN_FAST = "{\"processing_time_ms\": 1, \"request_overhead_ms\": 0}";

    @LocalServerPort
    private int port;

    private ConsumerClient consumer;

    @BeforeEach
    void handoutDefaults() throws Exception {
        consumer = new ConsumerClient(port);
        consumer.reset("{}");
    }

    @ParameterizedTest(name = "{0} slots, max_waiting {1}, {2} + {3} ms per request: Retry-After {4}")
    @CsvSource({"1, 1, 1200, 300, 2", "2, 3, 1500, 0, 3"})
    void aSheddableRequestBeyondMaxWaitingIsAnswered429WithTheWorkAheadAsRetryAfter(int concurrency,
            int maxWaiting, long processingMs, long overheadMs, String retryAfter) throws Exception {
        consumer.post("/admin/config", """
                {"concurrency": %d, "max_waiting": %d, "processing_time_ms": %d, "request_overhead_ms": %d,
                 "critical_reserve": 0, "reject_cost_ms": 200}""".formatted(concurrency, maxWaiting, processingMs,
                overheadMs));
        JsonNode before = consumer.status();
        String scrapeBefore = consumer.scrape();

        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> inside = fill(senders, concurrency, maxWaiting, "sheddable");

            Answer shed = consumer.post("/process", workItem(99));

            assertThat(shed.problem(429, WHOLE_BODY).get("detail").asString())
                    .startsWith(maxWaiting + " requests are waiting for a processing slot")
                    .contains("retry in " + retryAfter + " s");
            assertThat(shed.retryAfter()).isEqualTo(retryAfter);
            JsonNode status = consumer.status();
            assertThat(status.get("shed").asLong()).isEqualTo(before.get("shed").asLong() + 1);
            assertThat(shedDelta(scrapeBefore, consumer.scrape(), "sheddable")).isEqualTo(1);
            assertThat(status.get("rejection_owed_ms").asLong()).as("the refusal's cost, owed").isEqualTo(200);
            consumer.post("/admin/config", DRAIN_FAST);
            assertThat(inside).allSatisfy(answer -> assertThat(answer.get().status()).isEqualTo(200));
        }
        JsonNode drained = consumer.status();
        assertThat(drained.get("rejection_time_ms").asLong() - before.get("rejection_time_ms").asLong())
                .as("paid by the next slot taken").isEqualTo(200);
        assertThat(drained.get("rejection_owed_ms").asLong()).isZero();
        assertThat(consumer.scrape()).contains("consumer_rejection_time_seconds_total");
    }

    @Test
    void criticalRequestsUseTheReserveWhileSheddableOnesAreShed() throws Exception {
        consumer.post("/admin/config",
                "{\"processing_time_ms\": 1000, \"max_waiting\": 1, \"critical_reserve\": 1}");
        String scrapeBefore = consumer.scrape();

        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> inside = fill(senders, 1, 1, "sheddable");

            Answer sheddable = consumer.post("/process", workItem(3), PRIORITY, "sheddable");
            Future<Answer> critical =
                    senders.submit(() -> consumer.post("/process", workItem(4), PRIORITY, "critical"));
            awaitInside(1, 2);
            Answer criticalBeyondTheReserve = consumer.post("/process", workItem(5), PRIORITY, "critical");

            assertThat(sheddable.status()).isEqualTo(429);
            assertThat(criticalBeyondTheReserve.status()).isEqualTo(429);
            consumer.post("/admin/config", DRAIN_FAST);
            assertThat(critical.get().status()).isEqualTo(200);
            assertThat(inside).allSatisfy(answer -> assertThat(answer.get().status()).isEqualTo(200));
        }
        String scrape = consumer.scrape();
        assertThat(shedDelta(scrapeBefore, scrape, "sheddable")).isEqualTo(1);
        assertThat(shedDelta(scrapeBefore, scrape, "critical")).isEqualTo(1);
        assertThat(latencyCountDelta(scrapeBefore, scrape, "critical")).isEqualTo(1);
        assertThat(latencyCountDelta(scrapeBefore, scrape, "sheddable")).isEqualTo(2);
    }

    @Test
    void theCheckComesBeforeTheBodyIsRead() throws Exception {
        consumer.post("/admin/config", "{\"processing_time_ms\": 1000, \"max_waiting\": 0}");

        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> inside = fill(senders, 1, 0, "sheddable");

            assertThat(consumer.post("/process", "{\"id\": ").status()).as("malformed").isEqualTo(429);
            assertThat(consumer.post("/process/batch", batch(1001)).status()).as("oversized").isEqualTo(429);
            assertThat(consumer.post("/process/batch", batch(2)).status()).isEqualTo(429);
            consumer.post("/admin/config", DRAIN_FAST);
            assertThat(inside).allSatisfy(answer -> assertThat(answer.get().status()).isEqualTo(200));
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"CRITICAL", " critical ", "Sheddable"})
    void thePriorityIgnoresCaseAndBlanks(String priority) throws Exception {
        consumer.post("/admin/config", "{\"processing_time_ms\": 1}");

        assertThat(consumer.post("/process", workItem(1), PRIORITY, priority).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @CsvSource({"/process, urgent", "/process, high", "/process/batch, low", "/process, -"})
    void anUnknownPriorityIsAProblemNamingTheHeaderAndChangesNothing(String path, String priority)
            throws Exception {
        String value = priority.equals("-") ? "x".repeat(500) : priority;
        JsonNode before = consumer.status();

        Answer answer = consumer.post(path, path.endsWith("batch") ? batch(1) : workItem(1), PRIORITY, value);

        JsonNode problem = answer.problem(400, WHOLE_BODY);
        assertThat(problem.get("header").asString()).isEqualTo(PRIORITY);
        assertThat(problem.get("detail").asString()).startsWith("Item-Priority must be critical or sheddable")
                .hasSizeLessThan(250);
        assertThat(consumer.status()).isEqualTo(before);
    }

    /** Sends requests until every slot is busy and {@code waiting} more wait, and returns their answers to come. */
    private List<Future<Answer>> fill(ExecutorService senders, int slots, int waiting, String priority)
            throws Exception {
        List<Future<Answer>> answers = IntStream.range(0, slots + waiting)
                .mapToObj(i -> senders.submit(() -> consumer.post("/process", workItem(i), PRIORITY, priority)))
                .toList();
        awaitInside(slots, waiting);
        return answers;
    }

    private void awaitInside(int inFlight, int waiting) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            JsonNode status = consumer.status();
            assertThat(status.get("in_flight").asInt()).isEqualTo(inFlight);
            assertThat(status.get("waiting").asInt()).isEqualTo(waiting);
        });
    }

    private static double shedDelta(String before, String after, String priority) {
        return delta(before, after, "consumer_requests_shed_total", priority);
    }

    private static double latencyCountDelta(String before, String after, String priority) {
        return delta(before, after, "consumer_end_to_end_latency_seconds_count", priority);
    }

    private static double delta(String before, String after, String series, String priority) {
        String label = "priority=\"%s\"".formatted(priority);
        return value(after, series, label) - value(before, series, label);
    }
}
