package lab.backpressure.labtests.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import lab.backpressure.lab.run.LabClient;
import lab.backpressure.lab.run.RunListener;
import lab.backpressure.lab.run.RunResult;
import lab.backpressure.lab.run.ScenarioRunner;
import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioException;
import lab.backpressure.lab.scenario.ScenarioReader;
import lab.backpressure.lab.scenario.Service;
import lab.backpressure.labtests.exercises.ExerciseFiles;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Runs every compressible exercise file ({@code exercises/*.yaml}) against the real producer and consumer jars with
 * the engine {@code lab run} uses, five times faster than written, and fails with the checks that missed: what each
 * exercise page says you should see is what its file expects, and this is where both are held to the lab.
 *
 * <p>One lab serves every exercise, as a learner's does; the runner resets it before each one. It starts
 * compressed ({@link CompressedStart}): the consumer at 20 ms per item, the producer at 50 items/s, and every other
 * time and rate default scaled the same way, so that the reset state is the handout's, five times faster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ExerciseWalkthroughTest {

    private static final TimeScale SPEED = new TimeScale(5);
    /** Delivered before the first exercise: a fresh JVM delivers slowly until the JIT has compiled the path. */
    private static final long WARM_UP_ITEMS = 500;
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(90);

    @AutoClose
    private RunningLab lab;
    private LabClient client;
    private ScenarioRunner runner;

    @BeforeAll
    void startTheLab() {
        lab = RunningLab.startForScenarios(CompressedStart.consumer(SPEED), CompressedStart.producer(SPEED));
        client = new LabClient(lab.endpoints());
        runner = new ScenarioRunner(client, SPEED, RunListener.QUIET);
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
        return ExerciseFiles.all().stream()
                .filter(Scenario::compressible)
                .map(exercise -> DynamicTest.dynamicTest(exercise.name(), exercise.file().toUri(),
                        () -> walk(exercise)));
    }

    /** Every check goes to the test's output, so that a bound can be judged against what runs measure. */
    private void walk(Scenario exercise) {
        RunResult result = runner.run(exercise);
        result.phases().forEach(phase -> phase.checks().forEach(check ->
                System.out.println(exercise.name() + ", " + phase.phase().name() + ": " + check.line())));
        List<String> missed = result.phases().stream()
                .flatMap(phase -> phase.checks().stream().filter(check -> !check.passed())
                        .map(check -> "phase \"" + phase.phase().name() + "\": " + check.line()))
                .toList();
        assertThat(missed).as("checks of %s that missed at speed %d", exercise.file(), SPEED.speed()).isEmpty();
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
            assertRefusedUnchanged("max_queue_sise: 100", 9, "producer setting max_queue_sise");
        }

        @Test
        void aValueOutOfRangeIsRefusedBeforeAnythingChanges() {
            assertRefusedUnchanged("max_queue_size: 0", 9, "producer setting max_queue_size");
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
