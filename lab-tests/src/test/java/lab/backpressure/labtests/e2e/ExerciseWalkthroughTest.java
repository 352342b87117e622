package lab.backpressure.labtests.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import lab.backpressure.lab.run.Check;
import lab.backpressure.lab.run.LabClient;
import lab.backpressure.lab.run.LabEndpoints;
import lab.backpressure.lab.run.PhaseResult;
import lab.backpressure.lab.run.RunListener;
import lab.backpressure.lab.run.RunResult;
import lab.backpressure.lab.run.ScenarioRunner;
import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioException;
import lab.backpressure.lab.scenario.ScenarioReader;
import lab.backpressure.lab.scenario.Service;
import lab.backpressure.labtests.exercises.ExerciseFiles;
import lab.backpressure.labtests.observability.LocalPrometheus;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Runs every compressible exercise file ({@code exercises/*.yaml}) against the real producer and consumer jars with
 * the engine {@code lab run} uses, five times faster than written, and fails with the checks that missed or were
 * skipped: what each exercise page says you should see is what its file expects, and this is where both are held to
 * the lab. A real Prometheus (Debian's, as in DashboardTruthTest) scrapes the lab five times as often as the
 * compose one, so that the PromQL expectations, their windows divided by five, are measured too.
 *
 * <p>Then {@code lab check N} as a learner uses it, without Prometheus: on a freshly reset lab it misses, since
 * nothing of the lesson has been done, and after the page's steps up to its {@code lab check} line it passes. The
 * exceptions are the exercises whose lesson is the lab as it starts ({@link #BASELINE_LESSONS}), where it passes
 * both times.
 *
 * <p>One lab serves every exercise, as a learner's does; the runner resets it before each one. It starts
 * compressed ({@link CompressedStart}): the consumer at 20 ms per item, the producer at 50 items/s, and every other
 * time and rate default scaled the same way, so that the reset state is the handout's, five times faster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ExerciseWalkthroughTest {

    private static final TimeScale SPEED = new TimeScale(5);
    /** There are 26 exercises, of which 3, 7 and 15 are not compressible; a filter letting fewer through is broken. */
    private static final int COMPRESSIBLE_EXERCISES = 23;
    /**
     * The exercises whose lesson is the lab as a reset leaves it: 1 (the balanced baseline) and 6 (back to the
     * defaults, to compare). Their {@code lab check} passes on a reset lab; every other one misses there.
     */
    private static final Set<Integer> BASELINE_LESSONS = Set.of(1, 6);
    /** As {@code lab check} watches: at most this long, whatever the phase's window. */
    private static final Duration LONGEST_CHECK = Duration.ofSeconds(15);
    /** Delivered before the first exercise: a fresh JVM delivers slowly until the JIT has compiled the path. */
    private static final long WARM_UP_ITEMS = 500;
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(90);
    /** At the reset settings even a collapsed lab (27's) drains in seconds: its retries are slower than the consumer. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    @AutoClose
    private RunningLab lab;
    @AutoClose
    private LocalPrometheus prometheus;
    private LabClient client;
    /** With Prometheus, as {@code lab run} against the compose lab. */
    private ScenarioRunner runner;
    /** Without Prometheus, as {@code lab check N --prometheus none}. */
    private ScenarioRunner statusOnly;

    @BeforeAll
    void startTheLab(@TempDir Path work) throws IOException {
        lab = RunningLab.startForScenarios(CompressedStart.consumer(SPEED), CompressedStart.producer(SPEED));
        LabEndpoints endpoints = lab.endpoints();
        prometheus = LocalPrometheus.start(work, Map.of(
                "producer:8000", endpoints.producer().getAuthority(),
                "consumer:8001", endpoints.consumer().getAuthority()), SPEED.speed());
        client = new LabClient(endpoints);
        runner = new ScenarioRunner(new LabClient(new LabEndpoints(endpoints.producer(), endpoints.consumer(),
                Optional.of(URI.create(prometheus.baseUrl())))), SPEED, RunListener.QUIET);
        statusOnly = new ScenarioRunner(client, SPEED, RunListener.QUIET);
        for (Service service : Service.values()) {
            JsonNode config = client.get(service, "/admin/config");
            CompressedStart.settings(service, SPEED).properties().forEach(setting ->
                    assertThat(config.path(setting.getKey()).decimalValue())
                            .as("the %s's %s, started compressed", service.key(), setting.getKey())
                            .isEqualByComparingTo(setting.getValue().decimalValue()));
        }
        // Exercise 1 runs the consumer at its full capacity, where a cold JVM falls behind for good
        await("the lab warms up").atMost(WARM_UP_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> lab.status().sent() >= WARM_UP_ITEMS);
    }

    @TestFactory
    Stream<DynamicTest> everyCompressibleExerciseShowsWhatItsPageSays() {
        return compressible().stream()
                .map(exercise -> DynamicTest.dynamicTest(exercise.name(), exercise.file().toUri(),
                        () -> walk(exercise)));
    }

    @TestFactory
    Stream<DynamicTest> labCheckMissesOnAResetLabAndPassesAfterThePagesSteps() {
        return compressible().stream()
                .map(exercise -> DynamicTest.dynamicTest(exercise.name(), exercise.file().toUri(),
                        () -> checkByHand(exercise)));
    }

    /** The factories above make one test per file that passes the filter: none would pass with no test at all. */
    @Test
    void everyCompressibleExerciseIsWalked() {
        assertThat(compressible()).as("compressible exercises").hasSize(COMPRESSIBLE_EXERCISES);
        assertThat(compressible()).extracting(ExerciseFiles::number).containsAll(BASELINE_LESSONS);
    }

    private static List<Scenario> compressible() {
        return ExerciseFiles.all().stream().filter(Scenario::compressible).toList();
    }

    /**
     * Every check goes to the test's output, so that a bound can be judged against what runs measure. Every check
     * must be met; a skipped one (its query had no series) is not.
     */
    private void walk(Scenario exercise) {
        resetAndDrain();
        RunResult result = runner.run(exercise);
        result.phases().forEach(phase -> phase.checks().forEach(check ->
                System.out.println(exercise.name() + ", " + phase.phase().name() + ": " + check.line())));
        List<String> missed = result.phases().stream()
                .flatMap(phase -> phase.checks().stream().filter(check -> !check.passed())
                        .map(check -> "phase \"" + phase.phase().name() + "\": " + check.line()))
                .toList();
        assertThat(missed).as("checks of %s that missed or were skipped at speed %d", exercise.file(),
                SPEED.speed()).isEmpty();
        assertThat(result.checks()).as("checks of %s measured by Prometheus", exercise.file())
                .filteredOn(check -> check.expectation().promql().isPresent())
                .allSatisfy(check -> assertThat(check.source()).isEqualTo("prometheus"));
    }

    /**
     * {@code lab reset}, then {@code lab check N}: it misses, unless the lesson is the reset lab itself. Then the
     * page's steps up to its {@code lab check N} line, and {@code lab check N} again: it passes.
     */
    private void checkByHand(Scenario exercise) {
        resetAndDrain();
        PhaseResult onAResetLab = statusOnly.check(exercise, LONGEST_CHECK);
        statusOnly.runToTheCheck(exercise);
        PhaseResult afterTheSteps = statusOnly.check(exercise, LONGEST_CHECK);
        statusOnly.reset();
        print(exercise, "on a reset lab", onAResetLab);
        print(exercise, "after the steps", afterTheSteps);

        assertThat(afterTheSteps.checks()).as("lab check %s after the page's steps", exercise.name())
                .filteredOn(Check::evaluated).isNotEmpty()
                .allSatisfy(check -> assertThat(check.passed()).as(check.line()).isTrue());
        boolean baseline = BASELINE_LESSONS.contains(ExerciseFiles.number(exercise));
        assertThat(onAResetLab.checks()).as("lab check %s on a reset lab: %s", exercise.name(),
                        baseline ? "the lesson is the baseline, it passes" : "nothing of the lesson done, it misses")
                .filteredOn(check -> check.outcome() == Check.Outcome.MISS)
                .extracting(Check::line)
                .matches(missed -> missed.isEmpty() == baseline, baseline ? "none missed" : "some missed");
    }

    /**
     * A reset restores the settings, not the work under way: Exercise 27's {@code lab check} stops inside its collapse,
     * and the consumer's line of abandoned requests and the producer's held retries outlive the reset. At the reset
     * settings (two in flight, a 30 s attempt timeout) they drain, so every exercise starts once they have, as a
     * learner's lab would after a pause, and none inherits another's collapse.
     */
    private void resetAndDrain() {
        statusOnly.reset();
        await("the lab drains after a reset").atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> client.get(Service.CONSUMER, "/status").path("waiting").asInt() <= 1
                        && client.get(Service.PRODUCER, "/status").path("totals").path("in_flight").asLong() <= 2);
    }

    private static void print(Scenario exercise, String when, PhaseResult check) {
        check.checks().forEach(each -> System.out.println(exercise.name() + ", lab check " + when + ": "
                + each.line()));
    }

    /**
     * A file a learner got wrong is refused with its file, line and field before the run changes anything: the
     * services are asked with a dry run, and both keep the settings they had.
     */
    @Nested
    class Preflight {

        private static final Path FILE = Path.of("exercises/my-bounded-queue.yaml");

        @Test
        void anUnknownSettingIsRefusedBeforeAnythingChanges() {
            assertRefusedUnchanged("max_queue_sise: 100", 10, "producer setting max_queue_sise");
        }

        @Test
        void aValueOutOfRangeIsRefusedBeforeAnythingChanges() {
            assertRefusedUnchanged("max_queue_size: 0", 10, "producer setting max_queue_size");
        }

        private void assertRefusedUnchanged(String setting, int line, String field) {
            Scenario mistaken = ScenarioReader.read(FILE, """
                    title: My bounded queue
                    given:
                      - consumer: /admin/slow-down
                        body: {factor: 5}
                    phases:
                      - name: bounded
                        duration: 40s
                        check: true
                        steps:
                          - producer: /admin/config
                            body: {queue_mode: bounded, %s}
                    """.formatted(setting));
            // a setting the reset would undo, so that a run that went ahead anyway would show
            client.post(Service.PRODUCER, "/admin/config",
                    Optional.of(JsonNodeFactory.instance.objectNode().put("production_rate", 37)));
            JsonNode producerBefore = client.get(Service.PRODUCER, "/admin/config");
            JsonNode consumerBefore = client.get(Service.CONSUMER, "/admin/config");

            assertThatThrownBy(() -> runner.run(mistaken))
                    .isInstanceOfSatisfying(ScenarioException.class, refusal -> {
                        assertThat(refusal.file()).isEqualTo(FILE);
                        assertThat(refusal.line()).isEqualTo(line);
                        assertThat(refusal.field()).isEqualTo(field);
                        assertThat(refusal.getMessage()).startsWith(FILE + ":" + line + ": " + field + ": ");
                    });
            assertThat(client.get(Service.PRODUCER, "/admin/config")).isEqualTo(producerBefore);
            assertThat(client.get(Service.CONSUMER, "/admin/config")).isEqualTo(consumerBefore);
            runner.reset();
        }
    }
}
