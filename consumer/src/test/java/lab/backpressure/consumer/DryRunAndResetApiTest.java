package lab.backpressure.consumer;

import static lab.backpressure.consumer.ConsumerClient.workItem;
import static org.assertj.core.api.Assertions.assertThat;

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

/** {@code POST /admin/config?dry_run=true} and {@code POST /admin/reset}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DryRunAndResetApiTest {

    @LocalServerPort
    private int port;

    private ConsumerClient consumer;

    @BeforeEach
    void backToHandoutDefaults() throws Exception {
        consumer = new ConsumerClient(port);
        consumer.reset("{}");
    }

    /** Every bad config of the API test. */
    static Stream<Arguments> badConfigs() {
        return ConsumerApiTest.badInput().filter(row -> row.get()[0].equals("/admin/config"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badConfigs")
    void aDryRunRefusesBadConfigWithTheSameProblem(String path, String body, String field) throws Exception {
        consumer.post("/admin/slow-down", "{\"factor\": 2}");
        JsonNode before = consumer.status();

        Answer real = consumer.post(path, body);
        Answer dryRun = consumer.post(path + "?dry_run=true", body);

        dryRun.problem(400, field);
        assertThat(dryRun.json()).isEqualTo(real.json());
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
        for (String count : new String[] {"processed", "good", "late", "failed", "shed"}) {
            assertThat(after.get(count)).as(count).isEqualTo(counts.get(count));
        }
    }
}
