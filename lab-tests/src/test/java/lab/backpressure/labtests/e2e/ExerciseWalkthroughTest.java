package lab.backpressure.labtests.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.run.Check;
import lab.backpressure.lab.run.LabClient;
import lab.backpressure.lab.run.LabEndpoints;
import lab.backpressure.lab.run.PhaseResult;
import lab.backpressure.lab.run.RunListener;
import lab.backpressure.lab.run.RunResult;
import lab.backpressure.lab.run.ScenarioRunner;
import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioException;
import lab.backpressure.lab.scenario.ScenarioReader;
import lab.backpressure.lab.scenario.Service;
import lab.backpressure.labtests.exercises.ExerciseFiles;
import lab.backpressure.labtests.observability.LocalPrometheus;
import lab.backpressure.labtests.support.CompressedStart;
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
 * both times. The first check is made before the walks, four exercises side by side after each reset (a check only
 * reads). The second is made on the walk's own lab ({@link CheckDuringTheWalk}): once the checked phase
 * has settled, the lab is where a learner who followed the page up to that line has it (the reset, the given steps,
 * the phases before as the run has them, the checked phase's steps and settle time, as
 * {@code ScenarioRunner.runToTheCheck} does them), so the check watches beside the walk rather than after a second
 * walk to the same place.
 *
 * <p>One lab serves every exercise, as a learner's does; the runner resets it before each one. It starts
 * compressed ({@link CompressedStart}): the consumer at 20 ms per item, the producer at 50 items/s, and every other
 * time and rate default scaled the same way, so that the reset state is the handout's, five times faster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ExerciseWalkthroughTest {

    private static final TimeScale SPEED = new TimeScale(5);
    /** Of the exercises, 3, 7, 15 and 27 are not compressible (the Kafka ones are walked apart); fewer is broken. */
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
    /** Checks on one reset lab at once: each reads {@code /status} of both services five times a second. */
    private static final int CHECKS_AT_ONCE = 4;

    @AutoClose
    private RunningLab lab;
    @AutoClose
    private LocalPrometheus prometheus;
    private LabClient client;
    /** With Prometheus, as {@code lab run} against the compose lab. */
    private ScenarioRunner runner;
    /** Without Prometheus, as {@code lab check N --prometheus none}. */
    private ScenarioRunner statusOnly;
    private final CheckDuringTheWalk checkDuringTheWalk = new CheckDuringTheWalk();
    /** What {@code lab check N} found on a reset lab, by exercise. */
    private final Map<Scenario, PhaseResult> onAResetLab = new ConcurrentHashMap<>();
    /** What {@code lab check N} found after the page's steps, beside the walk, by exercise. */
    private final Map<Scenario, PhaseResult> afterTheSteps = new ConcurrentHashMap<>();

    @BeforeAll
    void startTheLab(@TempDir Path work) throws IOException, InterruptedException, ExecutionException {
        lab = RunningLab.compressed(SPEED);
        LabEndpoints endpoints = lab.endpoints();
        prometheus = LocalPrometheus.start(work, Map.of(
                "producer:8000", endpoints.producer().getAuthority(),
                "consumer:8001", endpoints.consumer().getAuthority()), SPEED.speed());
        client = new LabClient(endpoints);
        runner = new ScenarioRunner(new LabClient(new LabEndpoints(endpoints.producer(), endpoints.consumer(),
                Optional.of(URI.create(prometheus.baseUrl())))), SPEED, checkDuringTheWalk);
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
        checkEveryExerciseOnAResetLab();
    }

    /**
     * {@code lab check N} for every compressible exercise on a freshly reset lab, {@link #CHECKS_AT_ONCE} at once
     * after each reset: a check only reads both services' {@code /status}, so checks side by side see the same reset
     * lab that each would see alone, in a fraction of the time.
     */
    private void checkEveryExerciseOnAResetLab() throws InterruptedException, ExecutionException {
        List<Scenario> exercises = compressible();
        try (ExecutorService checks = Executors.newFixedThreadPool(CHECKS_AT_ONCE)) {
            for (int first = 0; first < exercises.size(); first += CHECKS_AT_ONCE) {
                statusOnly.reset();
                Map<Scenario, Future<PhaseResult>> running = new LinkedHashMap<>();
                exercises.subList(first, Math.min(first + CHECKS_AT_ONCE, exercises.size())).forEach(exercise ->
                        running.put(exercise, checks.submit(() -> statusOnly.check(exercise, LONGEST_CHECK))));
                for (Map.Entry<Scenario, Future<PhaseResult>> check : running.entrySet()) {
                    onAResetLab.put(check.getKey(), check.getValue().get());
                }
            }
        }
    }

    /**
     * Two tests for each exercise, in this order: the walk (with {@code lab check N} beside its checked phase), then
     * what {@code lab check N} found on a reset lab and after the page's steps. Flat: with a container per
     * exercise, Surefire reported none of this class's tests (0 run) and passed the build with their failures.
     */
    @TestFactory
    Stream<DynamicTest> everyCompressibleExerciseShowsWhatItsPageSaysAndLabCheckAgrees() {
        return compressible().stream()
                .flatMap(exercise -> Stream.of(
                        DynamicTest.dynamicTest(exercise.name(), exercise.file().toUri(), () -> walk(exercise)),
                        DynamicTest.dynamicTest(exercise.name() + ", lab check", exercise.file().toUri(),
                                () -> assertLabCheck(exercise))));
    }

    /** The factories above make one test per file that passes the filter: none would pass with no test at all. */
    @Test
    void everyCompressibleExerciseIsWalked() {
        assertThat(compressible()).as("compressible exercises").hasSize(COMPRESSIBLE_EXERCISES);
        assertThat(compressible()).extracting(ExerciseFiles::number).containsAll(BASELINE_LESSONS);
    }

    /** The Kafka lane's exercises need a broker: {@code KafkaWalkthroughTest} walks them. */
    private static List<Scenario> compressible() {
        return ExerciseFiles.all().stream().filter(Scenario::compressible)
                .filter(exercise -> !ExerciseFiles.needsKafka(exercise)).toList();
    }

    /**
     * Every check goes to the test's output, so that a bound can be judged against what runs measure. Every check
     * must be met; a skipped one (its query had no series) is not.
     */
    private void walk(Scenario exercise) {
        RunResult result = checkDuringTheWalk.walk(exercise);
        afterTheSteps.put(exercise, checkDuringTheWalk.afterTheSteps());
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
     * {@code lab reset}, then {@code lab check N}: it misses, unless the lesson is the reset lab itself. After the
     * page's steps up to its {@code lab check N} line, {@code lab check N} again: it passes.
     */
    private void assertLabCheck(Scenario exercise) {
        PhaseResult onAResetLab = this.onAResetLab.get(exercise);
        PhaseResult afterTheSteps = this.afterTheSteps.get(exercise);
        assertThat(afterTheSteps).as("lab check %s, made beside its walk", exercise.name()).isNotNull();
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

    private static void print(Scenario exercise, String when, PhaseResult check) {
        check.checks().forEach(each -> System.out.println(exercise.name() + ", lab check " + when + ": "
                + each.line()));
    }

    /**
     * Walks an exercise and, once its checked phase has settled, starts {@code lab check N} (without Prometheus)
     * beside the walk's watch; the next phase's steps wait for the check to end, so that it sees nothing the page
     * does after its {@code lab check} line.
     */
    private final class CheckDuringTheWalk implements RunListener {

        private Scenario walked;
        private CompletableFuture<PhaseResult> check;

        RunResult walk(Scenario exercise) {
            walked = exercise;
            check = null;
            try {
                return runner.run(exercise);
            } finally {
                walked = null;
            }
        }

        /** {@code lab check N} after the page's steps, as it ended during the last walk. */
        PhaseResult afterTheSteps() {
            assertThat(check).as("lab check started once the checked phase had settled").isNotNull();
            return check.join();
        }

        @Override
        public void sampled(Phase phase, Sample sample, Duration elapsed, Duration total) {
            if (walked != null && check == null && phase.checked() && elapsed.compareTo(phase.settle()) >= 0) {
                Scenario exercise = walked;
                check = CompletableFuture.supplyAsync(() -> statusOnly.check(exercise, LONGEST_CHECK),
                        command -> Thread.ofPlatform().daemon().name("lab-check").start(command));
            }
        }

        @Override
        public void phaseStarted(Phase phase, int index, int phases) {
            if (check != null) {
                check.join();
            }
        }
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
