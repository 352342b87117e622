package lab.backpressure.lab.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every strategy the benchmark scenarios compare is configured as docs/reference/producer.md ("Sizing for a client
 * deadline") recommends for the scenario's client deadline: its waits and bounds leave room for delivery and
 * processing. For a deadline D and the consumer's P ms an item (the handout's 100 ms, C = 10/s, unless the scenario's
 * {@code given} sets {@code processing_time_ms}), with two requests in flight, an item may wait W = D − 2P − 0.15 D in
 * the producer; a FIFO holds W × C items. A setting that keeps items longer answers every item late by construction,
 * and the row shows the configuration, not the strategy. Each queue mode a strategy uses must state the setting that
 * sizes it, in its steps or, for a setting that depends on the deadline in every mode's run alike (codel's times),
 * in the scenario's {@code given} (a mode without a rule here fails, so a new one gets one).
 */
class StrategySizingTest {

    private static final Path SCENARIOS = Path.of("..", "benchmarks", "scenarios");
    /** The handout's consumer, 100 ms an item, unless the scenario's given sets another; no strategy changes it. */
    private static final double HANDOUT_P_MS = 100;
    /** Room for Poisson bursts and HTTP, as a share of the deadline. */
    private static final double SLACK = 0.15;

    /** For each queue mode, the check of the setting that decides how long an item may wait in it. */
    private static final Map<String, BiConsumer<Sizing, ObjectNode>> MODES = Map.of(
            "unbounded", (sizing, body) -> { },
            "bounded", Sizing::fifo,
            "drop_oldest", Sizing::fifo,
            "block", Sizing::fifo,
            "sample", (sizing, body) -> {
                sizing.fifo(body);
                sizing.atMost(body, "sample_threshold", sizing.number(body, "max_queue_size"));
            },
            "watermark", (sizing, body) -> sizing.items(body, "high_watermark"),
            "deadline", (sizing, body) -> sizing.waitMs(body, "deadline_ms"),
            "adaptive", (sizing, body) -> sizing.waitMs(body, "target_wait_ms"),
            "rate_limited", (sizing, body) -> sizing.atMost(body, "rate_limit", sizing.capacityPerSecond() * 0.96),
            // an item waits up to the interval while the queue drains, the target only once it stands
            "codel", (sizing, body) -> sizing.waitMs(sizing.overGiven(body), "codel_interval_ms"));

    static Stream<Path> scenarios() throws Exception {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            List<Path> yaml = files.filter(file -> file.toString().endsWith(".yaml"))
                    .filter(file -> !file.getFileName().toString().equals("strategies.yaml")).sorted().toList();
            assertThat(yaml).as("the benchmark scenarios").isNotEmpty();
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyStrategyWaitsAndBoundsLeaveRoomForDeliveryAndProcessingUnderTheClientDeadline(Path file) {
        Scenario scenario = ScenarioReader.read(file);
        ObjectNode producerGiven = given(scenario, Service.PRODUCER);
        double deadlineMs = producerGiven.path("client_deadline_ms").asDouble();
        assertThat(deadlineMs).as(file + ": a client deadline").isPositive();
        double processingMs = given(scenario, Service.CONSUMER).path("processing_time_ms").asDouble(HANDOUT_P_MS);
        SoftAssertions softly = new SoftAssertions();
        for (Strategy strategy : scenario.strategies()) {
            Sizing sizing = new Sizing(softly, strategy, deadlineMs, processingMs, producerGiven);
            for (Step step : strategy.steps()) {
                step.body().ifPresent(body -> sizing.check(step.service(), body));
            }
        }
        softly.assertAll();
    }

    /** What the scenario's given sets on {@code service}, its steps in order, a later field over an earlier. */
    private static ObjectNode given(Scenario scenario, Service service) {
        ObjectNode settings = JsonNodeFactory.instance.objectNode();
        scenario.given().stream().filter(step -> step.service() == service).flatMap(step -> step.body().stream())
                .forEach(settings::setAll);
        return settings;
    }

    /** One strategy's settings held to the deadline, for a consumer taking {@code processingMs} an item. */
    private record Sizing(SoftAssertions softly, Strategy strategy, double deadlineMs, double processingMs,
                          ObjectNode producerGiven) {

        /** W: what an item may wait in the producer. */
        double waitMs() {
            return deadlineMs - 2 * processingMs - SLACK * deadlineMs;
        }

        double capacityPerSecond() {
            return 1000 / processingMs;
        }

        /** The strategy's step over the scenario's given producer settings: what the producer runs with. */
        ObjectNode overGiven(ObjectNode body) {
            return producerGiven.deepCopy().setAll(body);
        }

        void check(Service service, ObjectNode body) {
            if (service == Service.CONSUMER) {
                if (body.has("max_waiting")) {
                    items(body, "max_waiting");
                }
                return;
            }
            if (body.has("queue_mode")) {
                String mode = body.get("queue_mode").asString();
                softly.assertThat(MODES).as(where("a sizing rule for queue_mode " + mode)).containsKey(mode);
                MODES.getOrDefault(mode, (sizing, unsized) -> { }).accept(this, body);
            }
            // a call slower than these is judged slow or a drop; at D its answer is already useless
            for (String timeout : List.of("aimd_timeout_ms", "breaker_slow_call_ms")) {
                if (body.has(timeout)) {
                    atMost(body, timeout, deadlineMs / 2);
                }
            }
            // a batch is answered whole: the batch ahead, its own round trip and a queue of one batch, about 3B
            if (body.has("batch_rtt_target_ms")) {
                atMost(body, "batch_rtt_target_ms", (deadlineMs - SLACK * deadlineMs) / 3);
            }
        }

        void fifo(ObjectNode body) {
            items(body, "max_queue_size");
        }

        /** A count of items that wait one processing time each: at most W × C. */
        void items(ObjectNode body, String field) {
            atMost(body, field, waitMs() / processingMs);
        }

        void waitMs(ObjectNode body, String field) {
            atMost(body, field, waitMs());
        }

        void atMost(ObjectNode body, String field, double most) {
            softly.assertThat(body.has(field)).as(where("states " + field)).isTrue();
            if (body.has(field)) {
                softly.assertThat(number(body, field)).as(where(field + " within the deadline's room (D = %.0f ms)"
                        .formatted(deadlineMs))).isLessThanOrEqualTo(most);
            }
        }

        double number(ObjectNode body, String field) {
            return body.has(field) ? body.get(field).asDouble() : Double.NaN;
        }

        private String where(String what) {
            return "%s:%d strategy %s: %s".formatted(strategy.file().getFileName(), strategy.line(), strategy.name(),
                    what);
        }
    }
}
