package lab.backpressure.producer.admin;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import lab.backpressure.producer.testing.PausedProducerTest;
import lab.backpressure.producer.testing.ProducerApi;
import lab.backpressure.producer.testing.RegisteredStrategies;
import lab.backpressure.support.settings.Strategies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@code /admin/config}, {@code /admin/clear-queue} and {@code /produce}: what they change, and bad input changing nothing. */
@PausedProducerTest
class AdminApiTest {

    private static final String DEFAULTS = """
            {"production_rate": 10, "queue_mode": "unbounded", "max_queue_size": 100, "rate_limit": 10,
             "payload_bytes": 16384, "producing": false, "client_deadline_ms": 0, "drop_past_deadline": "off", "block_timeout_ms": 5000, "high_watermark": 80,
             "low_watermark": 20, "sample_threshold": 50, "sample_rate": 0.5, "deadline_ms": 2000, "target_wait_ms": 200,
             "bucket_capacity": 50, "refill_per_second": 10,
             "critical_share": 0, "codel_target_ms": 500, "codel_interval_ms": 10000, "take_order": "fifo",
             "lifo_after_ms": 500,
             "delivery_limit": "fixed", "delivery_concurrency": 2, "delivery_initial_limit": 2,
             "delivery_min_limit": 1, "delivery_max_limit": 64, "aimd_backoff_ratio": 0.9, "aimd_timeout_ms": 1000,
             "arrival": "constant", "arrival_seed": 1, "burst_on_ms": 1000, "burst_off_ms": 4000,
             "circuit_breaker": "off", "breaker_window_s": 10, "breaker_minimum_calls": 10, "breaker_failure_rate": 50,
             "breaker_slow_call_ms": 2000, "breaker_slow_call_rate": 100, "breaker_open_ms": 5000,
             "breaker_half_open_calls": 3,
             "batching": "fixed", "batch_size": 1, "batch_linger_ms": 0, "batch_rtt_target_ms": 1000,
             "attempt_timeout_ms": 30000, "max_attempts": -1, "backoff_jitter": "none",
             "retry_budget": "off", "retry_budget_percent": 20, "retry_budget_min_per_second": 1,
             "client_throttling": "off", "throttle_k": 2.0, "throttle_window_ms": 10000,
             "transport": "http", "partitions": 6}""";

    private ProducerApi api;

    @Autowired
    void api(MockMvcTester mvc) {
        api = new ProducerApi(mvc);
    }

    @BeforeEach
    @AfterEach
    void backToTheDefaultsWithAnEmptyQueue() {
        api.postOk("/admin/config", DEFAULTS);
        api.clearQueue();
    }

    @Test
    void theConfigStartsAtTheHandoutsDefaults() {
        JsonNode config = api.config();

        assertThat(config.required("production_rate").doubleValue()).isEqualTo(10.0);
        assertThat(config.required("queue_mode").asString()).isEqualTo("unbounded");
        assertThat(config.required("max_queue_size").intValue()).isEqualTo(100);
        assertThat(config.required("rate_limit").doubleValue()).isEqualTo(10.0);
        assertThat(config.required("payload_bytes").intValue()).isEqualTo(16384);
        assertThat(config.required("critical_share").doubleValue()).isZero();
        assertThat(config.required("client_deadline_ms").longValue()).as("no client deadline").isZero();
        assertThat(config.propertyNames()).contains("production_rate", "queue_mode",
                "max_queue_size", "rate_limit", "payload_bytes", "producing");
    }

    @Test
    void aPartialUpdateChangesOnlyItsFieldsAndAnswersTheWholeConfig() {
        JsonNode config = api.postOk("/admin/config", """
                {"queue_mode": "bounded", "max_queue_size": 5}""");

        assertThat(config.required("queue_mode").asString()).isEqualTo("bounded");
        assertThat(config.required("max_queue_size").intValue()).isEqualTo(5);
        assertThat(config.required("production_rate").doubleValue()).isEqualTo(10.0);
        assertThat(api.config()).isEqualTo(config);
        JsonNode queue = api.status().required("queue");
        assertThat(queue.required("mode").asString()).isEqualTo("bounded");
        assertThat(queue.required("max_size").intValue()).isEqualTo(5);
        assertThat(queue.required("rate_limit").isNull()).isTrue();
    }

    /** A strategy chosen with its parameters, and what {@code /status} then shows at {@code pointer}. */
    private record Row(String request, String pointer, String shown) {
    }

    /**
     * A row for every registered strategy of every kind (each {@link Strategies} bean: queue modes, delivery limits,
     * batch sizings, arrival processes), by its admin field and name. An arrival process shows only in the config.
     * {@link #everyRegisteredStrategyHasItsRows} fails for a strategy registered without its row here and in
     * {@link #badConfigs}.
     */
    private static final Map<String, Map<String, Row>> STRATEGIES = Map.of(
            "queue_mode", Map.ofEntries(
                    Map.entry("unbounded", new Row("{\"queue_mode\": \"unbounded\"}",
                            "/queue", "{\"mode\": \"unbounded\", \"max_size\": null, \"rate_limit\": null}")),
                    Map.entry("bounded", new Row("{\"queue_mode\": \"bounded\", \"max_queue_size\": 5}",
                            "/queue", "{\"mode\": \"bounded\", \"max_size\": 5, \"rate_limit\": null}")),
                    Map.entry("rate_limited", new Row("{\"queue_mode\": \"rate_limited\", \"rate_limit\": 2.5}",
                            "/queue", "{\"mode\": \"rate_limited\", \"max_size\": null, \"rate_limit\": 2.5}")),
                    Map.entry("drop_oldest", new Row("{\"queue_mode\": \"drop_oldest\", \"max_queue_size\": 7}",
                            "/queue", "{\"mode\": \"drop_oldest\", \"max_size\": 7}")),
                    Map.entry("block", new Row("{\"queue_mode\": \"block\", \"max_queue_size\": 8, \"block_timeout_ms\": 250}",
                            "/queue", "{\"mode\": \"block\", \"max_size\": 8, \"block_timeout_ms\": 250, \"blocked\": false}")),
                    Map.entry("watermark", new Row("{\"queue_mode\": \"watermark\", \"high_watermark\": 30, \"low_watermark\": 10}",
                            "/queue", "{\"mode\": \"watermark\", \"max_size\": 30, \"high_watermark\": 30,"
                            + " \"low_watermark\": 10, \"paused\": false, \"pause_transitions\": 0}")),
                    Map.entry("sample", new Row("{\"queue_mode\": \"sample\", \"sample_threshold\": 4, \"sample_rate\": 0.25}",
                            "/queue", "{\"mode\": \"sample\", \"max_size\": 100, \"sample_threshold\": 4, \"sample_rate\": 0.25}")),
                    Map.entry("deadline", new Row("{\"queue_mode\": \"deadline\", \"deadline_ms\": 750}",
                            "/queue", "{\"mode\": \"deadline\", \"max_size\": 100, \"deadline_ms\": 750}")),
                    Map.entry("adaptive", new Row("{\"queue_mode\": \"adaptive\", \"target_wait_ms\": 300}",
                            "/queue", "{\"mode\": \"adaptive\", \"max_size\": null, \"rate_limit\": null,"
                            + " \"target_wait_ms\": 300, \"adaptive_rate\": 10.0}")),
                    Map.entry("codel", new Row("{\"queue_mode\": \"codel\", \"codel_target_ms\": 50, \"codel_interval_ms\": 1000}",
                            "/queue", "{\"mode\": \"codel\", \"max_size\": null, \"codel_target_ms\": 50,"
                            + " \"codel_interval_ms\": 1000, \"codel_dropping\": false, \"codel_timeout_ms\": 1000}")),
                    Map.entry("token_bucket", new Row("{\"queue_mode\": \"token_bucket\", \"bucket_capacity\": 30, \"refill_per_second\": 2.5}",
                            "/queue", "{\"mode\": \"token_bucket\", \"max_size\": null, \"rate_limit\": null,"
                            + " \"bucket_capacity\": 30, \"refill_per_second\": 2.5, \"tokens_available\": 30}"))),
            "take_order", Map.of(
                    "fifo", new Row("{\"take_order\": \"fifo\"}",
                            "/queue", "{\"take_order\": \"fifo\", \"lifo_active\": false}"),
                    "lifo", new Row("{\"queue_mode\": \"drop_oldest\", \"take_order\": \"lifo\"}",
                            "/queue", "{\"mode\": \"drop_oldest\", \"take_order\": \"lifo\", \"lifo_active\": true}"),
                    "adaptive_lifo", new Row("{\"queue_mode\": \"codel\", \"take_order\": \"adaptive_lifo\", \"lifo_after_ms\": 250}",
                            "/queue", "{\"mode\": \"codel\", \"take_order\": \"adaptive_lifo\", \"lifo_after_ms\": 250,"
                            + " \"lifo_active\": false}"),
                    "priority", new Row("{\"queue_mode\": \"bounded\", \"take_order\": \"priority\", \"critical_share\": 0.2}",
                            "/queue", "{\"mode\": \"bounded\", \"take_order\": \"priority\", \"lifo_active\": false}")),
            "delivery_limit", Map.of(
                    "fixed", new Row("{\"delivery_limit\": \"fixed\", \"delivery_concurrency\": 3}",
                            "/delivery", "{\"limit_algorithm\": \"fixed\", \"limit\": 3}"),
                    "aimd", new Row("{\"delivery_limit\": \"aimd\", \"delivery_initial_limit\": 5, \"delivery_max_limit\": 8}",
                            "/delivery", "{\"limit_algorithm\": \"aimd\", \"limit\": 5}"),
                    "vegas", new Row("{\"delivery_limit\": \"vegas\", \"delivery_initial_limit\": 4}",
                            "/delivery", "{\"limit_algorithm\": \"vegas\", \"limit\": 4}"),
                    "gradient2", new Row("{\"delivery_limit\": \"gradient2\", \"delivery_initial_limit\": 6}",
                            "/delivery", "{\"limit_algorithm\": \"gradient2\", \"limit\": 6}"),
                    "credit", new Row("{\"delivery_limit\": \"credit\"}",
                            "/delivery", "{\"limit_algorithm\": \"credit\", \"limit\": 1, \"credit\": -1}")),
            "batching", Map.of(
                    "fixed", new Row("{\"batching\": \"fixed\", \"batch_size\": 7}",
                            "/delivery", "{\"batching\": \"fixed\", \"batch_size\": 7, \"batch_target\": 7}"),
                    "adaptive", new Row("{\"batching\": \"adaptive\", \"batch_size\": 50}",
                            "/delivery", "{\"batching\": \"adaptive\", \"batch_size\": 50, \"batch_target\": 1}")),
            "transport", Map.of(
                    "http", new Row("{\"transport\": \"http\"}", "/delivery", "{\"transport\": \"http\"}")),
            "arrival", Map.of(
                    "constant", new Row("{\"arrival\": \"constant\"}", "", "{}"),
                    "poisson", new Row("{\"arrival\": \"poisson\", \"arrival_seed\": 7}", "", "{}"),
                    "bursty", new Row("{\"arrival\": \"bursty\", \"burst_on_ms\": 500, \"burst_off_ms\": 1500}", "", "{}")));

    @Autowired
    private List<Strategies<?>> registries;

    @Test
    void everyRegisteredStrategyHasItsRows() {
        RegisteredStrategies.assertEveryOneHasARow(registries, STRATEGIES, "STRATEGIES");
        for (Strategies<?> registered : registries) {
            assertThat(chosenInABadConfig(registered.field()))
                    .as("a row in badConfigs choosing every registered %s, next to a bad value", registered.field())
                    .containsAll(registered.names());
        }
    }

    static Stream<Arguments> everyStrategyWithItsParameters() {
        return STRATEGIES.values().stream().flatMap(rows -> rows.values().stream())
                .sorted(Comparator.comparing(Row::request))
                .map(row -> arguments(row.request(), row.pointer(), row.shown()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStrategyWithItsParameters")
    void everyStrategyIsOneRequestAwayAndShowsItsParametersInStatus(String request, String pointer, String shown) {
        JsonNode config = api.postOk("/admin/config", request);

        JsonNode section = api.status().requiredAt(pointer);
        ProducerApi.json(shown).properties()
                .forEach(field -> assertThat(section.required(field.getKey())).as(field.getKey()).isEqualTo(field.getValue()));
        ProducerApi.json(request).properties()
                .forEach(field -> assertThat(config.required(field.getKey())).as(field.getKey()).isEqualTo(field.getValue()));
    }

    @Test
    void theDeliveryLimitIsChosenAtRuntimeAndShownInStatus() {
        assertThat(api.status().required("delivery").required("limit").intValue()).isEqualTo(2);

        api.postOk("/admin/config", """
                {"delivery_limit": "aimd", "delivery_initial_limit": 5, "delivery_max_limit": 8}""");

        JsonNode delivery = api.status().required("delivery");
        assertThat(delivery.required("limit_algorithm").asString()).isEqualTo("aimd");
        assertThat(delivery.required("limit").intValue()).isEqualTo(5);
        assertThat(delivery.required("in_flight").intValue()).isZero();
    }

    @Test
    void theCircuitBreakerIsSwitchedAtRuntimeAndShownInStatus() {
        assertThat(api.status().required("delivery").required("circuit").required("state").asString())
                .isEqualTo("disabled");

        api.postOk("/admin/config", """
                {"circuit_breaker": "on", "breaker_minimum_calls": 4}""");

        JsonNode circuit = api.status().required("delivery").required("circuit");
        assertThat(circuit.required("state").asString()).isEqualTo("closed");
        assertThat(circuit.required("failure_rate").doubleValue()).as("fewer calls than the minimum").isEqualTo(-1.0);
        assertThat(circuit.required("buffered_calls").intValue()).isZero();
        assertThat(api.config().required("breaker_minimum_calls").intValue()).isEqualTo(4);
    }

    @Test
    void retriesAreOneRequestAwayAndShownInStatus() {
        JsonNode defaults = api.status();
        assertThat(defaults.required("delivery").required("attempt_timeout_ms").longValue()).isEqualTo(30_000);
        assertThat(defaults.required("delivery").required("max_attempts").intValue()).as("unlimited").isEqualTo(-1);
        assertThat(defaults.required("totals").required("attempts").longValue()).isZero();

        api.postOk("/admin/config", """
                {"attempt_timeout_ms": 800, "max_attempts": 3, "backoff_jitter": "full"}""");

        JsonNode delivery = api.status().required("delivery");
        assertThat(delivery.required("attempt_timeout_ms").longValue()).isEqualTo(800);
        assertThat(delivery.required("max_attempts").intValue()).isEqualTo(3);
        assertThat(delivery.required("backoff_jitter").asString()).isEqualTo("full");

        api.postOk("/admin/config", """
                {"retry_budget": "on", "retry_budget_percent": 10, "retry_budget_min_per_second": 0.5}""");

        JsonNode budget = api.status().required("delivery");
        assertThat(budget.required("retry_budget").asString()).isEqualTo("on");
        assertThat(budget.required("retry_budget_percent").doubleValue()).isEqualTo(10.0);
        assertThat(budget.required("retry_budget_balance").doubleValue()).as("the floor: 0.5/s over 10 s").isEqualTo(5.0);
        assertThat(budget.required("retries_denied").longValue()).isZero();

        api.postOk("/admin/config", """
                {"client_throttling": "on", "throttle_k": 1.1, "throttle_window_ms": 5000}""");

        JsonNode throttling = api.status().required("delivery");
        assertThat(throttling.required("client_throttling").asString()).isEqualTo("on");
        assertThat(throttling.required("throttle_k").doubleValue()).isEqualTo(1.1);
        assertThat(throttling.required("throttle_window_ms").longValue()).isEqualTo(5000);
        assertThat(throttling.required("throttle_drop_probability").doubleValue()).isZero();
    }

    @Test
    void batchingIsOneRequestAwayAndShownInStatus() {
        JsonNode defaults = api.status().required("delivery");
        assertThat(defaults.required("batching").asString()).isEqualTo("fixed");
        assertThat(defaults.required("batch_size").intValue()).isEqualTo(1);
        assertThat(defaults.required("batch_target").intValue()).isEqualTo(1);

        JsonNode config = api.postOk("/admin/config", """
                {"batching": "adaptive", "batch_size": 50, "batch_linger_ms": 20, "batch_rtt_target_ms": 500}""");

        assertThat(config.required("batch_rtt_target_ms").intValue()).isEqualTo(500);
        JsonNode delivery = api.status().required("delivery");
        assertThat(delivery.required("batching").asString()).isEqualTo("adaptive");
        assertThat(delivery.required("batch_size").intValue()).isEqualTo(50);
        assertThat(delivery.required("batch_linger_ms").intValue()).isEqualTo(20);
        assertThat(delivery.required("batch_target").intValue()).as("adaptive starts at one").isEqualTo(1);
        assertThat(delivery.required("last_batch_size").intValue()).as("nothing sent yet").isZero();
    }

    @Test
    void aBurstGoesThroughTheModeAndClearingCountsTheItemsAsDropped() {
        api.postOk("/admin/config", """
                {"queue_mode": "bounded", "max_queue_size": 5, "payload_bytes": 1000}""");
        JsonNode before = api.status().required("totals");

        JsonNode burst = api.postOk("/produce", """
                {"count": 12}""");

        assertThat(burst.propertyNames()).containsExactlyInAnyOrder("requested", "accepted", "rejected", "dropped");
        assertThat(burst.required("requested").intValue()).isEqualTo(12);
        assertThat(burst.required("accepted").intValue()).isEqualTo(5);
        assertThat(burst.required("rejected").intValue()).isEqualTo(7);
        assertThat(burst.required("dropped").intValue()).isZero();
        JsonNode status = api.status();
        assertThat(status.required("queue").required("size").intValue()).isEqualTo(5);
        assertThat(status.required("queue").required("memory_bytes").longValue()).isEqualTo(5 * (1000 + 120));
        assertThat(delta(before, status, "rejected")).isEqualTo(7);
        ProducerApi.assertBooksBalance(status);

        assertThat(api.clearQueue().required("cleared").intValue()).isEqualTo(5);

        JsonNode cleared = api.status();
        assertThat(cleared.required("queue").required("size").intValue()).isZero();
        assertThat(cleared.required("queue").required("memory_bytes").longValue()).isZero();
        assertThat(delta(before, cleared, "dropped")).isEqualTo(5);
        ProducerApi.assertBooksBalance(cleared);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                arguments("malformed JSON", "{\"production_rate\": ", null),
                arguments("not an object", "[]", null),
                arguments("unknown field", "{\"speed\": 5}", "speed"),
                arguments("unknown field next to a valid one", "{\"production_rate\": 20, \"speed\": 5}", "speed"),
                arguments("unknown mode", "{\"queue_mode\": \"drop_everything\"}", "queue_mode"),
                arguments("unknown mode next to a valid rate", "{\"production_rate\": 20, \"queue_mode\": \"nope\"}",
                        "queue_mode"),
                arguments("zero rate", "{\"production_rate\": 0}", "production_rate"),
                arguments("negative rate", "{\"production_rate\": -5}", "production_rate"),
                arguments("rate over the maximum", "{\"production_rate\": 1000.5}", "production_rate"),
                arguments("zero rate limit", "{\"queue_mode\": \"rate_limited\", \"rate_limit\": 0}", "rate_limit"),
                arguments("negative rate limit", "{\"rate_limit\": -1}", "rate_limit"),
                arguments("rate limit over the maximum", "{\"rate_limit\": 5000}", "rate_limit"),
                arguments("payload over the maximum", "{\"payload_bytes\": 1048577}", "payload_bytes"),
                arguments("negative payload", "{\"payload_bytes\": -1}", "payload_bytes"),
                arguments("zero max queue size", "{\"queue_mode\": \"drop_oldest\", \"max_queue_size\": 0}",
                        "max_queue_size"),
                arguments("negative payload with the default mode", "{\"queue_mode\": \"unbounded\", \"payload_bytes\": -2}",
                        "payload_bytes"),
                arguments("max queue size over the maximum", "{\"max_queue_size\": 1000001}", "max_queue_size"),
                arguments("rate as a word", "{\"production_rate\": \"fast\"}", "production_rate"),
                arguments("rate as a string", "{\"production_rate\": \"10\"}", "production_rate"),
                arguments("rate as a boolean", "{\"production_rate\": true}", "production_rate"),
                arguments("fraction for a whole number", "{\"max_queue_size\": 10.5}", "max_queue_size"),
                arguments("whole number out of range", "{\"max_queue_size\": 99999999999}", "max_queue_size"),
                arguments("producing as a string", "{\"producing\": \"yes\"}", "producing"),
                arguments("producing as a number", "{\"producing\": 1}", "producing"),
                arguments("mode as a list", "{\"queue_mode\": [\"bounded\"]}", "queue_mode"),
                arguments("low watermark at the high one", "{\"queue_mode\": \"watermark\", \"low_watermark\": 80}",
                        "low_watermark"),
                arguments("high watermark under the low one", "{\"high_watermark\": 10}", "low_watermark"),
                arguments("negative low watermark", "{\"low_watermark\": -1}", "low_watermark"),
                arguments("zero sample rate", "{\"queue_mode\": \"sample\", \"sample_rate\": 0}", "sample_rate"),
                arguments("sample rate over one", "{\"sample_rate\": 1.5}", "sample_rate"),
                arguments("negative sample threshold", "{\"sample_threshold\": -3}", "sample_threshold"),
                arguments("negative block timeout", "{\"queue_mode\": \"block\", \"block_timeout_ms\": -1}",
                        "block_timeout_ms"),
                arguments("absurd block timeout", "{\"block_timeout_ms\": 86400000}", "block_timeout_ms"),
                arguments("zero deadline", "{\"deadline_ms\": 0}", "deadline_ms"),
                arguments("zero target wait", "{\"queue_mode\": \"adaptive\", \"target_wait_ms\": 0}",
                        "target_wait_ms"),
                arguments("negative target wait", "{\"target_wait_ms\": -200}", "target_wait_ms"),
                arguments("zero bucket capacity", "{\"queue_mode\": \"token_bucket\", \"bucket_capacity\": 0}",
                        "bucket_capacity"),
                arguments("negative refill", "{\"refill_per_second\": -1}", "refill_per_second"),
                arguments("refill over the maximum", "{\"queue_mode\": \"token_bucket\", \"refill_per_second\": 1000.5}",
                        "refill_per_second"),
                arguments("another mode's parameter out of range", "{\"queue_mode\": \"bounded\", \"deadline_ms\": -5}",
                        "deadline_ms"),
                arguments("an unknown field with a new mode", "{\"queue_mode\": \"deadline\", \"deadline\": 5}",
                        "deadline"),
                arguments("negative client deadline", "{\"client_deadline_ms\": -1}", "client_deadline_ms"),
                arguments("client deadline over an hour", "{\"client_deadline_ms\": 3600001}", "client_deadline_ms"),
                arguments("client deadline as a fraction", "{\"client_deadline_ms\": 0.5}", "client_deadline_ms"),
                arguments("negative critical share", "{\"critical_share\": -0.1}", "critical_share"),
                arguments("critical share over one", "{\"critical_share\": 1.5}", "critical_share"),
                arguments("unknown delivery limit", "{\"delivery_limit\": \"bbr\"}", "delivery_limit"),
                arguments("zero delivery concurrency", "{\"delivery_limit\": \"fixed\", \"delivery_concurrency\": 0}",
                        "delivery_concurrency"),
                arguments("Vegas with its min limit over its max", "{\"delivery_limit\": \"vegas\", \"delivery_min_limit\": 65}",
                        "delivery_min_limit"),
                arguments("Gradient2 starting over its max", "{\"delivery_limit\": \"gradient2\", \"delivery_initial_limit\": 65}",
                        "delivery_initial_limit"),
                arguments("credit, which has no settings, next to a bad one", "{\"delivery_limit\": \"credit\", \"delivery_concurrency\": 0}",
                        "delivery_concurrency"),
                arguments("more delivery concurrency than workers", "{\"delivery_concurrency\": 65}",
                        "delivery_concurrency"),
                arguments("min limit over max", "{\"delivery_limit\": \"aimd\", \"delivery_min_limit\": 65}",
                        "delivery_min_limit"),
                arguments("initial limit under min", "{\"delivery_min_limit\": 3}", "delivery_initial_limit"),
                arguments("AIMD ratio of one", "{\"aimd_backoff_ratio\": 1}", "aimd_backoff_ratio"),
                arguments("unknown arrival", "{\"arrival\": \"uniform\"}", "arrival"),
                arguments("seed as a word", "{\"arrival\": \"poisson\", \"arrival_seed\": \"lucky\"}", "arrival_seed"),
                arguments("constant arrivals at a zero rate", "{\"arrival\": \"constant\", \"production_rate\": 0}",
                        "production_rate"),
                arguments("zero burst", "{\"arrival\": \"bursty\", \"burst_on_ms\": 0}", "burst_on_ms"),
                arguments("drop past deadline maybe", "{\"drop_past_deadline\": \"maybe\"}", "drop_past_deadline"),
                arguments("drop past deadline as a boolean", "{\"drop_past_deadline\": true}", "drop_past_deadline"),
                arguments("drop past deadline in capitals", "{\"client_deadline_ms\": 500, \"drop_past_deadline\": \"ON\"}",
                        "drop_past_deadline"),
                arguments("circuit breaker maybe", "{\"circuit_breaker\": \"maybe\"}", "circuit_breaker"),
                arguments("circuit breaker as a boolean", "{\"circuit_breaker\": true}", "circuit_breaker"),
                arguments("zero failure rate", "{\"circuit_breaker\": \"on\", \"breaker_failure_rate\": 0}",
                        "breaker_failure_rate"),
                arguments("failure rate over 100", "{\"breaker_failure_rate\": 100.5}", "breaker_failure_rate"),
                arguments("negative slow call rate", "{\"breaker_slow_call_rate\": -1}", "breaker_slow_call_rate"),
                arguments("slow call rate over 100", "{\"breaker_slow_call_rate\": 101}", "breaker_slow_call_rate"),
                arguments("negative open wait", "{\"breaker_open_ms\": -5000}", "breaker_open_ms"),
                arguments("negative slow call time", "{\"breaker_slow_call_ms\": -1}", "breaker_slow_call_ms"),
                arguments("zero window", "{\"breaker_window_s\": 0}", "breaker_window_s"),
                arguments("zero minimum calls", "{\"breaker_minimum_calls\": 0}", "breaker_minimum_calls"),
                arguments("more probes than workers", "{\"breaker_half_open_calls\": 65}", "breaker_half_open_calls"),
                arguments("zero batch size", "{\"batching\": \"fixed\", \"batch_size\": 0}", "batch_size"),
                arguments("batch size over the consumer's maximum", "{\"batch_size\": 1001}", "batch_size"),
                arguments("batch size as a fraction", "{\"batch_size\": 2.5}", "batch_size"),
                arguments("negative linger", "{\"batch_linger_ms\": -1}", "batch_linger_ms"),
                arguments("linger over ten seconds", "{\"batch_linger_ms\": 10001}", "batch_linger_ms"),
                arguments("unknown batching", "{\"batching\": \"greedy\"}", "batching"),
                arguments("unknown batching next to a valid size", "{\"batch_size\": 20, \"batching\": \"nope\"}",
                        "batching"),
                arguments("zero round-trip target", "{\"batching\": \"adaptive\", \"batch_rtt_target_ms\": 0}",
                        "batch_rtt_target_ms"),
                arguments("unknown take order", "{\"take_order\": \"random\"}", "take_order"),
                arguments("unknown take order next to a valid mode", "{\"queue_mode\": \"codel\", \"take_order\": \"critical\"}",
                        "take_order"),
                arguments("unknown take order next to a valid critical share",
                        "{\"critical_share\": 0.2, \"take_order\": \"priority_first\"}", "take_order"),
                arguments("priority next to a critical share over one", "{\"take_order\": \"priority\", \"critical_share\": 1.5}",
                        "critical_share"),
                arguments("codel target above the interval", "{\"queue_mode\": \"codel\", \"codel_target_ms\": 10001}",
                        "codel_target_ms"),
                arguments("codel interval under the target", "{\"codel_interval_ms\": 499}", "codel_target_ms"),
                arguments("zero codel target", "{\"codel_target_ms\": 0}", "codel_target_ms"),
                arguments("negative lifo_after_ms", "{\"take_order\": \"adaptive_lifo\", \"lifo_after_ms\": -1}",
                        "lifo_after_ms"),
                arguments("lifo next to a zero codel target", "{\"take_order\": \"lifo\", \"codel_target_ms\": 0}",
                        "codel_target_ms"),
                arguments("fifo next to a negative lifo_after_ms", "{\"take_order\": \"fifo\", \"lifo_after_ms\": -5}",
                        "lifo_after_ms"),
                arguments("negative attempt timeout", "{\"attempt_timeout_ms\": -1}", "attempt_timeout_ms"),
                arguments("zero attempt timeout", "{\"max_attempts\": 3, \"attempt_timeout_ms\": 0}", "attempt_timeout_ms"),
                arguments("zero max attempts", "{\"max_attempts\": 0}", "max_attempts"),
                arguments("max attempts under unlimited", "{\"max_attempts\": -2}", "max_attempts"),
                arguments("unknown jitter", "{\"backoff_jitter\": \"decorrelated\"}", "backoff_jitter"),
                arguments("budget percent under 0", "{\"retry_budget\": \"on\", \"retry_budget_percent\": -1}",
                        "retry_budget_percent"),
                arguments("budget percent over 100", "{\"retry_budget_percent\": 100.5}", "retry_budget_percent"),
                arguments("negative budget floor", "{\"retry_budget_min_per_second\": -0.5}",
                        "retry_budget_min_per_second"),
                arguments("retry budget maybe", "{\"retry_budget\": \"maybe\"}", "retry_budget"),
                arguments("K under 1", "{\"client_throttling\": \"on\", \"throttle_k\": 0.9}", "throttle_k"),
                arguments("negative throttle window", "{\"throttle_window_ms\": -1}", "throttle_window_ms"),
                arguments("client throttling as a boolean", "{\"client_throttling\": true}", "client_throttling"),
                arguments("unknown transport", "{\"transport\": \"carrier_pigeon\"}", "transport"),
                arguments("http next to zero partitions", "{\"transport\": \"http\", \"partitions\": 0}", "partitions"),
                arguments("kafka without a broker", "{\"transport\": \"kafka\"}", "transport"),
                arguments("zero partitions", "{\"partitions\": 0}", "partitions"),
                arguments("partitions over the maximum", "{\"partitions\": 65}", "partitions"),
                arguments("a 3 MB mode name", "{\"queue_mode\": \"" + "x".repeat(3_000_000) + "\"}", "queue_mode"));
    }

    @Test
    void kafkaWithoutTheKafkaProfileNamesTheMissingBroker() {
        MvcTestResult refused = api.post("/admin/config", "{\"transport\": \"kafka\"}");

        assertBadRequest(refused, "transport");
        assertThat(ProducerApi.json(refused).required("detail").asString())
                .contains("needs a Kafka broker", "profile kafka", "spring.kafka.bootstrap-servers");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigIsRefusedNamingTheFieldAndChangesNothingWithAndWithoutDryRun(String why, String body, String field) {
        JsonNode config = api.config();
        JsonNode status = api.status();

        MvcTestResult refused = api.post("/admin/config", body);
        MvcTestResult dryRun = api.post("/admin/config?dry_run=true", body);

        assertBadRequest(refused, field);
        assertThat(ProducerApi.json(dryRun)).as("a dry run refuses it with the same problem")
                .isEqualTo(ProducerApi.json(refused));
        assertThat(api.config()).isEqualTo(config);
        assertUnchanged(status, api.status());
    }

    @Test
    void aDryRunAnswersTheConfigAnUpdateWouldMakeAndChangesNothing() {
        JsonNode before = api.config();
        String update = """
                {"queue_mode": "bounded", "max_queue_size": 5, "client_deadline_ms": 300, "batch_size": 4}""";

        JsonNode wouldBe = api.postOk("/admin/config?dry_run=true", update);

        assertThat(wouldBe.required("queue_mode").asString()).isEqualTo("bounded");
        assertThat(wouldBe.required("max_queue_size").intValue()).isEqualTo(5);
        assertThat(wouldBe.required("client_deadline_ms").longValue()).isEqualTo(300);
        assertThat(wouldBe.required("production_rate").doubleValue()).as("the rest as it is").isEqualTo(10.0);
        assertThat(api.config()).as("nothing changed").isEqualTo(before);
        assertThat(api.status().required("queue").required("mode").asString()).isEqualTo("unbounded");
        assertThat(api.status().required("delivery").required("batch_size").intValue()).isEqualTo(1);
        assertThat(api.postOk("/admin/config", update)).as("the real update makes what the dry run said")
                .isEqualTo(wouldBe);
    }

    @Test
    void aDryRunThatIsNeitherTrueNorFalseIsRefusedNamingIt() {
        JsonNode before = api.config();

        MvcTestResult result = api.post("/admin/config?dry_run=maybe", "{\"production_rate\": 20}");

        assertBadRequest(result, "dry_run");
        assertThat(api.config()).isEqualTo(before);
    }

    @Test
    void resetPutsEverySettingBackToTheStartupOnesAndKeepsTheQueueAndTheTotals() {
        JsonNode startup = api.config();
        api.postOk("/admin/config", """
                {"queue_mode": "bounded", "max_queue_size": 5, "payload_bytes": 1000, "production_rate": 50,
                 "client_deadline_ms": 300, "drop_past_deadline": "on", "arrival": "poisson", "delivery_limit": "aimd", "circuit_breaker": "on",
                 "batching": "adaptive", "batch_size": 20, "critical_share": 0.5}""");
        api.postOk("/produce", "{\"count\": 3}");
        JsonNode status = api.status();

        JsonNode reset = api.postOk("/admin/reset", "");

        assertThat(reset).as("the startup config").isEqualTo(startup);
        assertThat(api.config()).isEqualTo(startup);
        assertSameNumbers(reset, ProducerApi.json(DEFAULTS));
        assertThat(reset.required("producing").booleanValue()).as("a startup override, not the handout's default")
                .isFalse();
        JsonNode after = api.status();
        assertThat(after.required("queue").required("mode").asString()).isEqualTo("unbounded");
        assertThat(after.required("queue").required("size").intValue()).as("the queue is not cleared").isEqualTo(3);
        assertThat(after.required("totals")).as("nor the totals").isEqualTo(status.required("totals"));
        assertThat(after.required("delivery").required("limit_algorithm").asString()).isEqualTo("fixed");
        assertThat(after.required("delivery").required("circuit").required("state").asString()).isEqualTo("disabled");
        assertThat(after.required("delivery").required("batching").asString()).isEqualTo("fixed");
    }

    static Stream<Arguments> badBursts() {
        return Stream.of(
                arguments("malformed JSON", "{\"count\": ", null),
                arguments("no count", "{}", "count"),
                arguments("zero", "{\"count\": 0}", "count"),
                arguments("negative", "{\"count\": -3}", "count"),
                arguments("over the maximum count", "{\"count\": 10001}", "count"),
                arguments("over the byte budget at 16 KiB per item", "{\"count\": 4097}", "count"),
                arguments("count as a word", "{\"count\": \"ten\"}", "count"),
                arguments("fraction", "{\"count\": 1.5}", "count"),
                arguments("unknown field", "{\"count\": 5, \"size\": 1}", "size"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBursts")
    void badBurstIsRefusedNamingTheFieldAndProducesNothing(String why, String body, String field) {
        JsonNode status = api.status();

        assertBadRequest(api.post("/produce", body), field);

        assertUnchanged(status, api.status());
    }

    @Test
    void theLargestBurstWithinTheByteBudgetIsAccepted() {
        JsonNode burst = api.postOk("/produce", """
                {"count": 4096}""");

        assertThat(burst.required("accepted").intValue()).isEqualTo(4096);
    }

    /** The names the well-formed bodies of {@link #badConfigs} choose for {@code field}. */
    private static Set<String> chosenInABadConfig(String field) {
        return badConfigs().map(row -> (String) row.get()[1])
                .flatMap(body -> {
                    try {
                        return Stream.of(ProducerApi.json(body).path(field)).filter(JsonNode::isString);
                    } catch (JacksonException malformed) {
                        return Stream.empty();
                    }
                })
                .map(JsonNode::asString).collect(Collectors.toSet());
    }

    private static void assertBadRequest(MvcTestResult result, String field) {
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = ProducerApi.json(result);
        assertThat(problem.required("status").intValue()).isEqualTo(400);
        assertThat(problem.required("detail").asString()).isNotBlank();
        // the list of known fields grows with every strategy; what must stay short is the quoted value
        assertThat(problem.required("detail").asString().replaceFirst("; known fields: \\[.*]$", ""))
                .as("the detail quotes at most 100 characters of a value").hasSizeLessThan(400);
        if (field == null) {
            assertThat(problem.has("field")).as("no single field is at fault in %s", problem).isFalse();
        } else {
            assertThat(problem.required("field").asString()).isEqualTo(field);
            assertThat(problem.required("detail").asString()).contains(field);
        }
    }

    /** The same fields with the same values, a number equal to a number however written (10 and 10.0). */
    private static void assertSameNumbers(JsonNode actual, JsonNode expected) {
        assertThat(actual.propertyNames()).containsExactlyInAnyOrderElementsOf(expected.propertyNames());
        expected.properties().forEach(field -> {
            JsonNode value = actual.required(field.getKey());
            if (value.isNumber()) {
                assertThat(value.doubleValue()).as(field.getKey()).isEqualTo(field.getValue().doubleValue());
            } else {
                assertThat(value).as(field.getKey()).isEqualTo(field.getValue());
            }
        });
    }

    private static void assertUnchanged(JsonNode before, JsonNode after) {
        assertThat(after.required("queue").required("mode")).isEqualTo(before.required("queue").required("mode"));
        assertThat(after.required("queue").required("size")).isEqualTo(before.required("queue").required("size"));
        assertThat(after.required("totals")).isEqualTo(before.required("totals"));
        assertThat(after.required("production_rate")).isEqualTo(before.required("production_rate"));
    }

    private static long delta(JsonNode before, JsonNode after, String total) {
        return after.required("totals").required(total).longValue() - before.required(total).longValue();
    }
}
