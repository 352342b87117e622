package lab.backpressure.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static lab.backpressure.consumer.ConsumerClient.WHOLE_BODY;
import static lab.backpressure.consumer.ConsumerClient.workItem;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import lab.backpressure.consumer.ConsumerClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import lab.backpressure.consumer.kafka.KafkaStatus;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsumerApiTest {

    private static final int HUGE_VALUE_CHARS = 40_000;
    private static final int QUOTED_CHARS = 100;

    @LocalServerPort
    private int port;
    @Autowired
    private ApplicationContext context;

    private ConsumerClient consumer;

    @BeforeEach
    void backToHandoutDefaults() throws Exception {
        consumer = new ConsumerClient(port);
        consumer.reset("{}");
    }

    @Test
    void withoutTheKafkaProfileNothingKafkaStarts() throws Exception {
        assertThat(consumer.status().has("kafka")).as("/status.kafka").isFalse();
        assertThat(context.getBeanNamesForType(KafkaAdmin.class)).isEmpty();
        assertThat(context.getBeanNamesForType(ConsumerFactory.class)).isEmpty();
        assertThat(context.getBeanNamesForType(MessageListenerContainer.class)).isEmpty();
        assertThat(context.getBeanNamesForType(KafkaStatus.class)).isEmpty();
    }

    @Test
    void statusShowsTheHandoutDefaults() throws Exception {
        JsonNode status = consumer.status();

        assertThat(status.get("service").asString()).isEqualTo("consumer");
        assertThat(status.get("processing_time_ms").asLong()).isEqualTo(100);
        assertThat(status.get("slowdown_factor").asDouble()).isEqualTo(1.0);
        assertThat(status.get("effective_processing_time_ms").asDouble()).isEqualTo(100.0);
        assertThat(status.get("variable_processing").asBoolean()).isFalse();
        assertThat(status.get("processing_min_ms").asLong()).isEqualTo(50);
        assertThat(status.get("processing_max_ms").asLong()).isEqualTo(500);
        assertThat(status.get("concurrency").asInt()).isEqualTo(1);
        assertThat(status.get("request_overhead_ms").asLong()).isZero();
        assertThat(status.get("max_waiting").asInt()).isEqualTo(-1);
        assertThat(status.get("critical_reserve").asInt()).isEqualTo(2);
        assertThat(status.has("shed")).isTrue();
        assertThat(status.get("failure_rate").asDouble()).isZero();
        assertThat(status.get("failure_mode").asString()).isEqualTo("error");
        assertThat(status.get("failure_timeout_ms").asLong()).isEqualTo(35_000);
        assertThat(status.has("failed")).isTrue();
        assertThat(status.get("capacity_per_second").asDouble()).isEqualTo(10.0);
        assertThat(status.get("in_flight").asInt()).isZero();
        assertThat(status.get("waiting").asInt()).isZero();
        assertThat(status.has("processed")).isTrue();
    }

    @Test
    void slowDownAndBackToNormalAsInTheHandout() throws Exception {
        Answer slowedDown = consumer.post("/admin/slow-down", "{\"factor\": 5}");

        assertThat(slowedDown.status()).isEqualTo(200);
        assertThat(slowedDown.json().get("slowdown_factor").asDouble()).isEqualTo(5.0);
        assertThat(slowedDown.json().get("effective_processing_time_ms").asDouble()).isEqualTo(500.0);
        assertThat(consumer.status().get("capacity_per_second").asDouble()).isEqualTo(2.0);

        Answer normal = consumer.post("/admin/config", "{\"processing_time_ms\": 100}");

        assertThat(normal.status()).isEqualTo(200);
        assertThat(normal.json().get("slowdown_factor").asDouble()).isEqualTo(1.0);
        assertThat(consumer.status().get("effective_processing_time_ms").asDouble()).isEqualTo(100.0);
        assertThat(consumer.get("/admin/config").json()).isEqualTo(normal.json());
    }

    @Test
    void variableProcessingAsInTheHandoutAndUnchangedFieldsStay() throws Exception {
        consumer.post("/admin/slow-down", "{\"factor\": 2}");

        Answer variable = consumer.post("/admin/config",
                "{\"variable_processing\": true, \"processing_min_ms\": 50, \"processing_max_ms\": 500}");

        assertThat(variable.status()).isEqualTo(200);
        JsonNode config = variable.json();
        assertThat(config.get("variable_processing").asBoolean()).isTrue();
        assertThat(config.get("processing_time_ms").asLong()).isEqualTo(100);
        assertThat(config.get("slowdown_factor").asDouble()).isEqualTo(2.0);
        assertThat(config.get("effective_processing_time_ms").asDouble()).isEqualTo(550.0);
    }

    @Test
    void processesAnItemAndCountsIt() throws Exception {
        consumer.post("/admin/config", "{\"processing_time_ms\": 20}");
        long processedBefore = consumer.status().get("processed").asLong();

        Answer answer = consumer.post("/process",
                workItem(42, System.currentTimeMillis(), "\"added_by_a_newer_producer\": 1"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("id").asLong()).isEqualTo(42);
        assertThat(answer.json().get("processing_time_ms").asLong()).isEqualTo(20);
        assertThat(consumer.status().get("processed").asLong()).isEqualTo(processedBefore + 1);
    }

    @Test
    void theRequestOverheadIsSpentInTheSlotBeforeTheItem() throws Exception {
        Answer config = consumer.post("/admin/config", "{\"processing_time_ms\": 20, \"request_overhead_ms\": 80}");
        assertThat(config.json().get("capacity_per_second").asDouble()).isEqualTo(10.0);

        long start = System.nanoTime();
        List<Answer> answers = consumer.processTogether(2);
        Duration bothDone = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answers).extracting(a -> a.json().get("processing_time_ms").asLong()).containsOnly(20L);
        assertThat(bothDone).as("two requests of 80 + 20 ms in one slot")
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void oneSlotProcessesConcurrentItemsOneAfterTheOther() throws Exception {
        Answer config = consumer.post("/admin/config", "{\"processing_time_ms\": 20}");
        assertThat(config.json().get("capacity_per_second").asDouble()).isEqualTo(50.0);
        assertThat(consumer.status().get("capacity_per_second").asDouble()).isEqualTo(50.0);

        long start = System.nanoTime();
        List<Answer> answers = consumer.processTogether(2);
        Duration bothDone = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answers).extracting(Answer::status).containsOnly(200);
        assertThat(answers).extracting(a -> a.json().get("processing_time_ms").asLong()).containsOnly(20L);
        assertThat(bothDone).isGreaterThanOrEqualTo(Duration.ofMillis(40));
    }

    @ParameterizedTest(name = "concurrency {0}")
    @CsvSource({"1", "2"})
    void requestsBeyondTheSlotsWaitForOne(int concurrency) throws Exception {
        consumer.post("/admin/config", "{\"processing_time_ms\": 600, \"concurrency\": %d}".formatted(concurrency));

        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> answers = IntStream.range(0, concurrency + 1)
                    .mapToObj(i -> senders.submit(() -> consumer.post("/process", workItem(i))))
                    .toList();

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                JsonNode status = consumer.status();
                assertThat(status.get("in_flight").asInt()).isEqualTo(concurrency);
                assertThat(status.get("waiting").asInt()).isEqualTo(1);
            });
            for (Future<Answer> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(200);
            }
        }
        JsonNode idle = consumer.status();
        assertThat(idle.get("in_flight").asInt()).isZero();
        assertThat(idle.get("waiting").asInt()).isZero();
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("/admin/slow-down", "{\"factor\": 5", WHOLE_BODY),
                Arguments.of("/admin/slow-down", "", WHOLE_BODY),
                Arguments.of("/admin/slow-down", "[5]", WHOLE_BODY),
                Arguments.of("/admin/slow-down", "{\"factor\": 5, \"speed\": 1}", "speed"),
                Arguments.of("/admin/slow-down", "{}", "factor"),
                Arguments.of("/admin/slow-down", "{\"factor\": null}", "factor"),
                Arguments.of("/admin/slow-down", "{\"factor\": 0.5}", "factor"),
                Arguments.of("/admin/slow-down", "{\"factor\": 0}", "factor"),
                Arguments.of("/admin/slow-down", "{\"factor\": -3}", "factor"),
                Arguments.of("/admin/slow-down", "{\"factor\": 100.5}", "factor"),
                Arguments.of("/admin/slow-down", "{\"factor\": \"5\"}", "factor"),
                Arguments.of("/admin/config", "{\"processing_time_ms\": 100", WHOLE_BODY),
                Arguments.of("/admin/config", "{\"processing_time_ms\": 100}{", WHOLE_BODY),
                Arguments.of("/admin/config", "{\"processing_time\": 100}", "processing_time"),
                Arguments.of("/admin/config", "{\"processing_time_ms\": 200, \"slowdown_factor\": 1}",
                        "slowdown_factor"),
                Arguments.of("/admin/config", "{\"processing_time_ms\": 0}", "processing_time_ms"),
                Arguments.of("/admin/config", "{\"processing_time_ms\": -100}", "processing_time_ms"),
                Arguments.of("/admin/config", "{\"processing_time_ms\": 60001}", "processing_time_ms"),
                Arguments.of("/admin/config", "{\"processing_time_ms\": \"slow\"}", "processing_time_ms"),
                Arguments.of("/admin/config", "{\"processing_time_ms\": 2.5}", "processing_time_ms"),
                Arguments.of("/admin/config", "{\"variable_processing\": \"yes\"}", "variable_processing"),
                Arguments.of("/admin/config", "{\"processing_min_ms\": 600}", "processing_min_ms"),
                Arguments.of("/admin/config", "{\"variable_processing\": true, \"processing_min_ms\": 300, "
                        + "\"processing_max_ms\": 200}", "processing_min_ms"),
                Arguments.of("/admin/config", "{\"processing_min_ms\": 0}", "processing_min_ms"),
                Arguments.of("/admin/config", "{\"processing_max_ms\": -1}", "processing_max_ms"),
                Arguments.of("/admin/config", "{\"processing_max_ms\": 60001}", "processing_max_ms"),
                Arguments.of("/admin/config", "{\"concurrency\": 0}", "concurrency"),
                Arguments.of("/admin/config", "{\"concurrency\": 65}", "concurrency"),
                Arguments.of("/admin/config", "{\"concurrency\": 99999999999}", "concurrency"),
                Arguments.of("/admin/config", "{\"processing_time_ms\": 50, \"concurrency\": 65}", "concurrency"),
                Arguments.of("/admin/config", "{\"request_overhead_ms\": -1}", "request_overhead_ms"),
                Arguments.of("/admin/config", "{\"request_overhead_ms\": 60001}", "request_overhead_ms"),
                Arguments.of("/admin/config", "{\"request_overhead_ms\": \"50\"}", "request_overhead_ms"),
                Arguments.of("/admin/config", "{\"request_overhead_ms\": 2.5}", "request_overhead_ms"),
                Arguments.of("/admin/config", "{\"max_waiting\": -2}", "max_waiting"),
                Arguments.of("/admin/config", "{\"max_waiting\": \"none\"}", "max_waiting"),
                Arguments.of("/admin/config", "{\"max_waiting\": 1.5}", "max_waiting"),
                Arguments.of("/admin/config", "{\"max_waiting\": 3000000000}", "max_waiting"),
                Arguments.of("/admin/config", "{\"critical_reserve\": -1}", "critical_reserve"),
                Arguments.of("/admin/config", "{\"max_waiting\": 5, \"critical_reserve\": -1}", "critical_reserve"),
                Arguments.of("/admin/config", "{\"failure_rate\": -0.1}", "failure_rate"),
                Arguments.of("/admin/config", "{\"failure_rate\": 1.5}", "failure_rate"),
                Arguments.of("/admin/config", "{\"failure_rate\": \"0.5\"}", "failure_rate"),
                Arguments.of("/admin/config", "{\"failure_mode\": \"crash\"}", "failure_mode"),
                Arguments.of("/admin/config", "{\"failure_mode\": \"ERROR\"}", "failure_mode"),
                Arguments.of("/admin/config", "{\"failure_mode\": 1}", "failure_mode"),
                Arguments.of("/admin/config", "{\"failure_rate\": 0.5, \"failure_mode\": \"drop\"}", "failure_mode"),
                Arguments.of("/admin/config", "{\"failure_timeout_ms\": 0}", "failure_timeout_ms"),
                Arguments.of("/admin/config", "{\"failure_timeout_ms\": -35000}", "failure_timeout_ms"),
                Arguments.of("/admin/config", "{\"failure_timeout_ms\": 60001}", "failure_timeout_ms"),
                Arguments.of("/admin/config", "{\"failure_timeout_ms\": 2.5}", "failure_timeout_ms"),
                Arguments.of("/admin/config", "{\"processing_distribution\": \"normal\"}", "processing_distribution"),
                Arguments.of("/admin/config", "{\"processing_distribution\": \"EXPONENTIAL\"}",
                        "processing_distribution"),
                Arguments.of("/admin/config", "{\"processing_distribution\": null}", "processing_distribution"),
                Arguments.of("/admin/config", "{\"processing_time_ms\": 50, \"processing_distribution\": 2}",
                        "processing_distribution"),
                Arguments.of("/admin/config", "{\"processing_seed\": \"lucky\"}", "processing_seed"),
                Arguments.of("/admin/config", "{\"processing_seed\": 1.5}", "processing_seed"),
                Arguments.of("/admin/config", "{\"reject_cost_ms\": -1}", "reject_cost_ms"),
                Arguments.of("/admin/config", "{\"max_waiting\": 2, \"reject_cost_ms\": -50}", "reject_cost_ms"),
                Arguments.of("/admin/config", "{\"max_poll_records\": 0}", "max_poll_records"),
                Arguments.of("/admin/config", "{\"max_poll_records\": 501}", "max_poll_records"),
                Arguments.of("/admin/config", "{\"kafka_paused\": \"yes\"}", "kafka_paused"),
                Arguments.of("/admin/config", "{\"drop_expired\": \"yes\"}", "drop_expired"),
                Arguments.of("/admin/config", "{\"drop_expired\": \"ON\"}", "drop_expired"),
                Arguments.of("/admin/config", "{\"drop_expired\": true}", "drop_expired"),
                Arguments.of("/admin/config", "{\"drop_expired\": null}", "drop_expired"),
                Arguments.of("/admin/config", "{\"max_waiting\": 3, \"drop_expired\": \"\"}", "drop_expired"),
                Arguments.of("/process", "{\"id\": 1, \"created_at\": ", WHOLE_BODY),
                Arguments.of("/process", "[{\"id\": 1, \"created_at\": 1700000000000}]", WHOLE_BODY),
                Arguments.of("/process", "{\"created_at\": 1700000000000}", "id"),
                Arguments.of("/process", "{\"id\": 1}", "created_at"),
                Arguments.of("/process", "{\"id\": \"one\", \"created_at\": 1700000000000}", "id"),
                Arguments.of("/process", "{\"id\": 1, \"created_at\": \"yesterday\"}", "created_at"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badInput")
    void badInputIsAProblemNamingTheFieldAndChangesNothing(String path, String body, String field) throws Exception {
        consumer.post("/admin/slow-down", "{\"factor\": 2}");
        JsonNode before = consumer.status();

        Answer answer = consumer.post(path, body);

        answer.problem(400, field);
        if (path.equals("/admin/config")) {
            assertThat(consumer.post(path + "?dry_run=true", body).json()).as("a dry run refuses it the same way")
                    .isEqualTo(answer.json());
        }
        assertThat(consumer.status()).isEqualTo(before);
    }

    @Test
    void aDryRunAnswersTheConfigAnUpdateWouldMakeAndChangesNothing() throws Exception {
        consumer.post("/admin/slow-down", "{\"factor\": 2}");
        JsonNode before = consumer.get("/admin/config").json();
        String update = "{\"processing_time_ms\": 40, \"concurrency\": 4, \"failure_rate\": 0.5}";

        Answer wouldBe = consumer.post("/admin/config?dry_run=true", update);

        assertThat(wouldBe.status()).isEqualTo(200);
        JsonNode config = wouldBe.json();
        assertThat(config.get("processing_time_ms").asLong()).isEqualTo(40);
        assertThat(config.get("slowdown_factor").asDouble()).as("processing_time_ms ends a slow-down").isEqualTo(1.0);
        assertThat(config.get("concurrency").asInt()).isEqualTo(4);
        assertThat(config.get("failure_rate").asDouble()).isEqualTo(0.5);
        assertThat(config.get("capacity_per_second").asDouble()).isEqualTo(100.0);
        assertThat(consumer.get("/admin/config").json()).as("nothing changed").isEqualTo(before);
        assertThat(consumer.post("/admin/config", update).json()).as("the real update makes what the dry run said")
                .isEqualTo(config);
    }

    @Test
    void aDryRunThatIsNeitherTrueNorFalseIsRefusedNamingIt() throws Exception {
        JsonNode before = consumer.status();

        consumer.post("/admin/config?dry_run=maybe", "{\"processing_time_ms\": 40}").problem(400, "dry_run");

        assertThat(consumer.status()).isEqualTo(before);
    }

    @Test
    void resetPutsEverySettingBackToTheStartupOnesAndKeepsTheCounts() throws Exception {
        JsonNode startup = consumer.get("/admin/config").json();
        consumer.post("/admin/config", """
                {"processing_time_ms": 20, "variable_processing": true, "processing_min_ms": 10,
                 "processing_max_ms": 30, "concurrency": 3, "request_overhead_ms": 5, "max_waiting": 4,
                 "critical_reserve": 0, "failure_rate": 0.5, "failure_mode": "timeout", "failure_timeout_ms": 100}""");
        consumer.post("/admin/slow-down", "{\"factor\": 4}");
        consumer.post("/process", workItem(1));
        JsonNode counts = consumer.status();

        Answer reset = consumer.post("/admin/reset", "");

        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json()).isEqualTo(startup).isEqualTo(consumer.get("/admin/config").json());
        assertThat(reset.json().get("slowdown_factor").asDouble()).isEqualTo(1.0);
        assertThat(reset.json().get("failure_rate").asDouble()).as("failure injection off").isZero();
        assertThat(reset.json().get("processing_time_ms").asLong()).isEqualTo(100);
        JsonNode after = consumer.status();
        for (String count : List.of("processed", "good", "late", "failed", "shed")) {
            assertThat(after.get(count)).as(count).isEqualTo(counts.get(count));
        }
    }

    static Stream<Arguments> hugeValues() {
        String huge = "x".repeat(HUGE_VALUE_CHARS);
        return Stream.of(
                Arguments.of("{\"%s\": 1}".formatted(huge), "x".repeat(QUOTED_CHARS) + "…"),
                Arguments.of("{\"processing_time_ms\": %s}".formatted(huge), WHOLE_BODY));
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("hugeValues")
    void aProblemQuotesAtMostAboutAHundredCharactersOfARejectedValue(String body, String field) throws Exception {
        JsonNode before = consumer.status();

        Answer answer = consumer.post("/admin/config", body);

        JsonNode problem = answer.problem(400, field);
        assertThat(problem.get("detail").asString()).contains("x".repeat(QUOTED_CHARS) + "…")
                .doesNotContain("x".repeat(QUOTED_CHARS + 1)).hasSizeLessThan(HUGE_VALUE_CHARS / 40);
        assertThat(consumer.status()).isEqualTo(before);
    }

}
