package lab.backpressure.labtests.benchmark.strategy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import lab.backpressure.lab.run.BooksBroken;
import lab.backpressure.lab.run.LabRefused;
import lab.backpressure.lab.run.LabUnreachable;
import lab.backpressure.lab.run.ScenarioRunner;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioReader;
import lab.backpressure.lab.scenario.Service;
import lab.backpressure.lab.scenario.Strategy;
import lab.backpressure.labtests.benchmark.Calibration;
import lab.backpressure.labtests.benchmark.CeilingClient;
import lab.backpressure.labtests.benchmark.InvalidRun;
import lab.backpressure.labtests.benchmark.Machine;
import lab.backpressure.labtests.benchmark.Progress;
import lab.backpressure.labtests.support.StatusFields;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.awaitility.Awaitility.await;

import static lab.backpressure.labtests.benchmark.ResultsReport.number;

/**
 * Runs one scenario against a list of strategies on the real jars: refuses the file first (the engine's
 * preflight dry-runs every strategy's settings), measures the consumer's own ceiling, then runs the scenario
 * once per strategy through the engine, recording every reading. The run is invalid, and reported as such
 * rather than as results, when the calibration fails, a strategy's baseline latency is far from the processing
 * time, the producer's books break or a service dies.
 */
final class StrategyComparison {

    /** The ceiling's load: one request in the consumer's slot and one waiting, as the producer's fixed 2 in flight. */
    private static final int CEILING_CONNECTIONS = 2;
    private static final int PAYLOAD_BYTES = 16 * 1024;
    private static final Duration CEILING_RAMP_UP = Duration.ofSeconds(1);
    private static final Duration CEILING_WINDOW = Duration.ofSeconds(3);
    /** A baseline at half capacity answers within a few processing times; ten means the machine, not the lab, decided. */
    static final double BASELINE_P99_PROCESSING_TIMES = 10;
    /** Both services' hot paths compiled before the first strategy, at the baseline's half capacity. */
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final double WARM_UP_SHARE_OF_CAPACITY = 0.5;
    /** Longer than the producer's longest backoff (5 s) with room for a busy machine. */
    private static final Duration REST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REST_POLL = Duration.ofMillis(200);

    private StrategyComparison() {
    }

    /** The strategies of the file, or those named in {@code chosen} (comma-separated), in the file's order. */
    static List<Strategy> chosen(Scenario scenario, Optional<String> chosen) {
        if (chosen.isEmpty() || chosen.get().isBlank()) {
            return scenario.strategies();
        }
        List<String> names = List.of(chosen.get().split("\\s*,\\s*"));
        List<String> unknown = names.stream()
                .filter(name -> scenario.strategies().stream().noneMatch(strategy -> strategy.name().equals(name)))
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("lab.strategies: no strategy " + unknown + " in " + scenario.file()
                    + "; it has "
                    + scenario.strategies().stream().map(Strategy::name).toList());
        }
        return scenario.strategies().stream().filter(strategy -> names.contains(strategy.name())).toList();
    }

    static Scenario read(String name) {
        return ScenarioReader.read(scenarioFile(name));
    }

    static Path scenarioFile(String name) {
        return lab.backpressure.labtests.support.LabService.repositoryRoot()
                .resolve("benchmarks/scenarios").resolve(name + ".yaml");
    }

    /**
     * Runs {@code scenario} on {@code lab} against each of {@code strategies}, after its preflight and calibration.
     *
     * @param baselineP99 the most processing times a strategy's first phase, under capacity, may take at p99
     *                    before the run is invalid
     * @param leastCeilingShare the least share of its nominal capacity the consumer's calibrated ceiling may be
     *                    before the run is invalid ({@link Calibration#LEAST_SHARE} for a benchmark)
     */
    static Comparison run(ComparisonServices lab, Scenario scenario, List<Strategy> strategies, double baselineP99,
            double leastCeilingShare) throws IOException, InterruptedException {
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException(scenario.file() + " names no strategy to compare");
        }
        List<String> context = new ArrayList<>(List.of(
                "scenario: " + scenario.file().getFileName() + " (" + scenario.title() + "), run " + ComparisonServices.SPEED.speed()
                        + " times faster than written",
                "date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                "machine: " + Machine.description() + ", load average at start " + Machine.loadAverage(),
                "JVM: " + Machine.jvm() + ", the same java for both services"));
        Progress progress = new Progress(strategies.size() + 1);
        Recorder recorder = new Recorder(lab, progress, (strategy, phase) -> {
            if (phase.index() == 0) {
                requireBaselineNearProcessingTime(strategy, phase, baselineP99);
            }
        });
        ScenarioRunner runner = new ScenarioRunner(lab.client(), ComparisonServices.SPEED, recorder);
        progress.step("preflight: every strategy's settings as a dry run, then the consumer's own ceiling");
        runner.preflight(scenario, strategies);
        Calibration calibration = calibrate(lab, runner, leastCeilingShare);
        progress.phase(calibration.describe());
        context.add("calibration: " + calibration.describe());
        List<StrategyRecord> records = new ArrayList<>();
        for (int i = 0; i < strategies.size(); i++) {
            Strategy strategy = strategies.get(i);
            try {
                rest(lab, runner, strategy);
                recorder.begin(strategy, i + 1, strategies.size());
                runner.runPrepared(scenario, Optional.of(strategy));
            } catch (BooksBroken broken) {
                throw new InvalidRun(strategy.name() + ": " + broken.getMessage(), broken);
            } catch (LabUnreachable | LabRefused failure) {
                lab.requireAlive("during " + strategy.name(), failure);
                throw new InvalidRun(strategy.name() + ": a service failed a request: " + failure.getMessage(), failure);
            }
            StrategyRecord record = recorder.finish();
            lab.requireAlive("after " + strategy.name(), null);
            records.add(record);
        }
        context.add("load average at end " + Machine.loadAverage() + ", " + progress.elapsed().toSeconds() + " s in all");
        return new Comparison(scenario, List.copyOf(records), calibration, List.copyOf(context));
    }

    /**
     * The lab reset and paused, and what the strategy before still had in flight delivered (an item retried after
     * the outage may wait out a backoff of seconds): its answers, seconds old, would otherwise count in this
     * strategy's baseline. The run's own reset then starts production again.
     */
    private static void rest(ComparisonServices lab, ScenarioRunner runner, Strategy next) {
        runner.reset();
        producer(lab, JsonNodeFactory.instance.objectNode().put("producing", false));
        lab.client().post(Service.PRODUCER, "/admin/clear-queue", Optional.empty());
        try {
            await("the items in flight before " + next.name()).atMost(REST_TIMEOUT).pollInterval(REST_POLL)
                    .until(() -> StatusFields.whole(lab.client().status(Service.PRODUCER), "/totals/in_flight") == 0);
        } catch (ConditionTimeoutException e) {
            lab.requireAlive("before " + next.name(), e);
            throw new InvalidRun("items were still in flight " + REST_TIMEOUT.toSeconds() + " s after the lab was reset"
                    + " for " + next.name() + ": " + lab.client().status(Service.PRODUCER), e);
        }
        // the queue just cleared may be hundreds of MiB of garbage: collected here, not in the next baseline
        lab.producerLiveHeapMib();
    }

    /**
     * The consumer as every strategy starts it (its reset state), loaded straight by a client with no producer;
     * then the pipeline warmed up, so that the first strategy does not run on cold JVMs.
     */
    private static Calibration calibrate(ComparisonServices lab, ScenarioRunner runner, double leastShare)
            throws InterruptedException {
        runner.reset();
        producer(lab, JsonNodeFactory.instance.objectNode().put("producing", false));
        double nominal = StatusFields.decimal(lab.client().status(Service.CONSUMER), "/capacity_per_second");
        CeilingClient.Ceiling ceiling = new CeilingClient().measure(lab.consumer(), CEILING_CONNECTIONS, PAYLOAD_BYTES,
                CEILING_RAMP_UP, CEILING_WINDOW);
        Calibration calibration = new Calibration(ceiling.processedPerSecond(), nominal);
        if (ceiling.failures() > 0) {
            throw new InvalidRun("calibration failed: the load client got " + ceiling.failures()
                    + " answers other than 200, the first: " + ceiling.firstFailure());
        }
        if (calibration.failed(leastShare)) {
            throw new InvalidRun("calibration failed: " + calibration.describe() + ", under "
                    + leastShare + " × nominal: the machine is too busy for the consumer to do what its"
                    + " settings say");
        }
        producer(lab, JsonNodeFactory.instance.objectNode().put("producing", true)
                .put("production_rate", Math.round(WARM_UP_SHARE_OF_CAPACITY * nominal)));
        Thread.sleep(WARM_UP);
        return calibration;
    }

    private static void producer(ComparisonServices lab, ObjectNode settings) {
        lab.client().post(Service.PRODUCER, "/admin/config", Optional.of(settings));
    }

    /** Checked as the first phase closes, so that an invalid run stops at once. */
    private static void requireBaselineNearProcessingTime(Strategy strategy, PhaseRecord baseline,
                                                          double processingTimes) {
        PhaseFigures figures = PhaseFigures.of(new StrategyRecord(strategy, List.of(baseline)), 0,
                new Calibration(1, 1), Double.NaN);
        double bound = processingTimes * figures.processingSeconds();
        if (figures.offeredOfCapacity() < 1 && figures.endToEndP99() > bound) {
            throw new InvalidRun(("calibration failed: %s's first phase, %s at %s × capacity, had an end-to-end p99 of "
                    + "%s s, over %s × the processing time (%s s)").formatted(strategy.name(),
                    baseline.phase().name(), number(figures.offeredOfCapacity(), 2), number(figures.endToEndP99(), 3),
                    number(processingTimes, 0), number(bound, 3)));
        }
    }
}
