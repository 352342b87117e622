package lab.backpressure.labtests.benchmark.overload;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import lab.backpressure.lab.run.BooksBroken;
import lab.backpressure.lab.run.LabClient;
import lab.backpressure.lab.run.LabRefused;
import lab.backpressure.lab.run.LabUnreachable;
import lab.backpressure.lab.run.ScenarioRunner;
import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioReader;
import lab.backpressure.lab.scenario.Service;
import lab.backpressure.lab.scenario.Step;
import lab.backpressure.lab.scenario.Strategy;
import lab.backpressure.labtests.benchmark.Calibration;
import lab.backpressure.labtests.benchmark.CeilingClient;
import lab.backpressure.labtests.benchmark.InvalidRun;
import lab.backpressure.labtests.benchmark.Machine;
import lab.backpressure.labtests.benchmark.Progress;
import lab.backpressure.labtests.benchmark.ResultsReport;
import lab.backpressure.labtests.benchmark.Verdict;
import lab.backpressure.labtests.support.CompressedStart;
import lab.backpressure.labtests.support.Lab;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ServiceProcess;
import lab.backpressure.labtests.support.StatusFields;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.JsonNodeFactory;

import static lab.backpressure.labtests.benchmark.ResultsReport.number;
import static org.awaitility.Awaitility.await;

/**
 * Issue 20's comparison with queueing theory: {@code benchmarks/scenarios/overload.yaml} in real time on the real jars,
 * one consumer slot of exponential work (mean 10 ms), Poisson arrivals at 1.2 × capacity, a client deadline of
 * 200 ms, each of its strategies with {@code drop_expired} off and then on. Per row: goodput ÷ capacity, wasted work
 * (the consumer's time on late answers ÷ its processing time, and the part of it begun past the deadline), the p99 of
 * good answers, and for the drop-tail FIFOs the M/M/1/K blocking probability against the refusals seen. Tagged
 * {@code benchmark}: only the {@code benchmark} Maven profile runs it (about 8 minutes). Writes
 * benchmarks/results/overload.md and .csv and two charts; the targets are verdicts, not assertions. An invalid run
 * (the consumer's ceiling under 0.8 of nominal, {@code -Dlab.benchmark.overload.least-ceiling-share} on a busy
 * machine; the arrivals off 1.2 × capacity by more than 0.1; broken books; a service dead or failing a request) fails
 * and writes nothing. The arrivals are 1.2 × the capacity measured before each strategy (min(nominal, the consumer's
 * ceiling)), not the file's 120/s, when the machine holds the consumer under its nominal 100/s.
 */
@Tag("benchmark")
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class OverloadBenchmark {

    /** The lab starts at the handout's defaults ten times faster: 10 ms of work, each mode's times scaled with it. */
    private static final TimeScale LAB_START = new TimeScale(10);
    private static final String HEAP = "-Xmx512m";
    private static final double OFFERED_OF_CAPACITY = 1.2;
    private static final double OFFER_TOLERANCE = 0.1;
    /** The producer's fixed delivery limit at its defaults: one request in the consumer's slot, one waiting. */
    private static final int IN_FLIGHT = 2;
    private static final int PAYLOAD_BYTES = 16 * 1024;
    private static final Duration CEILING_RAMP_UP = Duration.ofSeconds(1);
    private static final Duration CEILING_WINDOW = Duration.ofSeconds(5);
    private static final Duration REST_TIMEOUT = Duration.ofSeconds(30);
    private static final double GOODPUT_TARGET = 0.85;
    private static final double COLLAPSED = 0.1;
    private static final double NEAR_ZERO = 0.1;
    /** Under this share of nominal the consumer's ceiling makes the run invalid; a busy machine may ask for less. */
    private static final double LEAST_CEILING_SHARE = Double.parseDouble(System.getProperty(
            "lab.benchmark.overload.least-ceiling-share", Double.toString(Calibration.LEAST_SHARE)));

    @Test
    void compareUnderOverload() throws Exception {
        Scenario written = ScenarioReader.read(LabService.repositoryRoot().resolve("benchmarks/scenarios/overload.yaml"));
        List<Strategy> strategies = written.strategies();
        List<String> context = new ArrayList<>(List.of(
                "scenario: " + written.file().getFileName() + " (" + written.title() + "), in real time",
                "date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                "machine: " + Machine.description() + ", load average at start " + Machine.loadAverage(),
                "JVM: " + Machine.jvm() + ", the same java for both services"));
        Progress progress = new Progress(strategies.size() + 1);
        List<OverloadRow> rows = new ArrayList<>();
        try (Lab services = Lab.start(CompressedStart.consumer(LAB_START).jvmOption(HEAP),
                CompressedStart.producer(LAB_START).jvmOption(HEAP))) {
            ServiceProcess consumer = services.consumer();
            ServiceProcess producer = services.producer();
            LabClient lab = new LabClient(services.endpoints());
            OverloadRecorder recorder = new OverloadRecorder(producer, consumer, progress);
            ScenarioRunner runner = new ScenarioRunner(lab, TimeScale.REAL_TIME, recorder);
            progress.step("preflight: every strategy's settings as a dry run");
            runner.preflight(written, strategies);
            List<String> capacities = new ArrayList<>();
            for (int i = 0; i < strategies.size(); i++) {
                Strategy strategy = strategies.get(i);
                progress.step("strategy " + (i + 1) + " of " + strategies.size() + ": " + strategy.name() + " ("
                        + strategy.summary() + ")");
                // measured again before each strategy: on a shared machine the consumer's speed drifts by a fifth
                // within a minute, and the arrivals must stay at 1.2 × what it can do now
                Calibration calibration = calibrate(lab, runner, written, consumer);
                double capacity = Math.min(calibration.nominalPerSecond(), calibration.ceilingPerSecond());
                double offer = Math.round(10 * OFFERED_OF_CAPACITY * capacity) / 10.0;
                progress.phase(calibration.describe() + "; arrivals at " + offer + "/s");
                capacities.add(strategy.name() + " " + number(calibration.ceilingPerSecond(), 1) + "/s");
                Scenario scenario = offering(written, offer);
                rest(lab, runner, strategy, services);
                try {
                    runner.runPrepared(scenario, Optional.of(strategy));
                } catch (BooksBroken broken) {
                    throw new InvalidRun(strategy.name() + ": " + broken.getMessage(), broken);
                } catch (LabUnreachable | LabRefused failure) {
                    InvalidRun.requireAlive(services, "during " + strategy.name(), failure);
                    throw new InvalidRun(strategy.name() + ": a service failed a request: " + failure.getMessage(),
                            failure);
                }
                for (OverloadRecorder.Window window : recorder.finish()) {
                    OverloadRow row = new OverloadRow(strategy.name(), window, capacity, IN_FLIGHT);
                    requireTheOffer(row);
                    rows.add(row);
                    progress.phase(String.join(" | ", row.cells()));
                }
            }
            context.add("calibration before each strategy, a client straight at /process with " + IN_FLIGHT
                    + " requests in flight for " + CEILING_WINDOW.toSeconds() + " s (least share of nominal "
                    + LEAST_CEILING_SHARE + "): the consumer's ceiling " + String.join(", ", capacities)
                    + "; capacity = min(nominal 100/s, ceiling), and production_rate " + OFFERED_OF_CAPACITY
                    + " × capacity in place of the file's 120/s");
            context.add("load average at end " + Machine.loadAverage() + ", " + progress.elapsed().toSeconds()
                    + " s in all");
        }
        write(rows, context);
    }

    /**
     * The consumer at the scenario's settings (its reset state and the file's given steps), loaded straight by a
     * client with no producer: the capacity every goodput is divided by. Refused under 0.8 of nominal.
     */
    private static Calibration calibrate(LabClient lab, ScenarioRunner runner, Scenario scenario,
                                         ServiceProcess consumer) throws InterruptedException {
        runner.reset();
        scenario.given().forEach(runner::apply);
        lab.post(Service.PRODUCER, "/admin/config",
                Optional.of(JsonNodeFactory.instance.objectNode().put("producing", false)));
        double nominal = StatusFields.decimal(lab.status(Service.CONSUMER), "/capacity_per_second");
        CeilingClient.Ceiling ceiling = new CeilingClient().measure(consumer, IN_FLIGHT, PAYLOAD_BYTES,
                CEILING_RAMP_UP, CEILING_WINDOW);
        Calibration calibration = new Calibration(ceiling.processedPerSecond(), nominal);
        if (ceiling.failures() > 0) {
            throw new InvalidRun("calibration failed: " + ceiling.failures() + " answers other than 200, the first: "
                    + ceiling.firstFailure());
        }
        if (calibration.failed(LEAST_CEILING_SHARE)) {
            throw new InvalidRun("calibration failed: " + calibration.describe() + ", under " + LEAST_CEILING_SHARE
                    + " × nominal: the machine is too busy for the consumer to do what its settings say");
        }
        return calibration;
    }

    /** Reset, paused and empty, nothing in flight: the strategy before must not answer into this one's window. */
    private static void rest(LabClient lab, ScenarioRunner runner, Strategy next, Lab services) {
        runner.reset();
        lab.post(Service.PRODUCER, "/admin/config",
                Optional.of(JsonNodeFactory.instance.objectNode().put("producing", false)));
        lab.post(Service.PRODUCER, "/admin/clear-queue", Optional.empty());
        try {
            await("the items in flight before " + next.name()).atMost(REST_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> StatusFields.whole(lab.status(Service.PRODUCER), "/totals/in_flight") == 0);
        } catch (ConditionTimeoutException e) {
            InvalidRun.requireAlive(services, "before " + next.name(), e);
            throw new InvalidRun("items still in flight " + REST_TIMEOUT.toSeconds() + " s after the reset for "
                    + next.name(), e);
        }
    }

    /**
     * The scenario with its arrivals at {@code rate}: 1.2 × the capacity this machine gives the consumer, so that a
     * consumer the machine slows still meets 1.2 × what it can do (the file's 120/s is 1.2 × the nominal 100/s).
     */
    private static Scenario offering(Scenario scenario, double rate) {
        List<Step> given = scenario.given().stream().map(step -> step.service() != Service.PRODUCER
                || step.body().isEmpty() || !step.body().get().has("production_rate") ? step
                : new Step(step.service(), step.path(), Optional.of(step.body().get().deepCopy()
                        .put("production_rate", rate)), step.line())).toList();
        return new Scenario(scenario.file(), scenario.name(), scenario.title(), scenario.summary(), scenario.doc(),
                scenario.compressible(), given, scenario.phases(), scenario.strategies(), scenario.questions(),
                scenario.takeaways());
    }

    /** The generator must have offered what the scenario asks: a busy machine that cannot pace it measures nothing. */
    private static void requireTheOffer(OverloadRow row) {
        double offered = row.offeredPerSecond() / row.capacity();
        if (Math.abs(offered - OFFERED_OF_CAPACITY) > OFFER_TOLERANCE) {
            throw new InvalidRun("%s with drop_expired %s offered %s × capacity, not %s ± %s".formatted(row.strategy(),
                    row.dropExpired(), number(offered, 2), OFFERED_OF_CAPACITY, OFFER_TOLERANCE));
        }
    }

    private static void write(List<OverloadRow> rows, List<String> context) throws Exception {
        List<String> verdicts = verdicts(rows);
        Path results = LabService.repositoryRoot().resolve("benchmarks/results");
        String goodputChart = OverloadCharts.bars(results.resolve("charts"), "overload-goodput",
                "Goodput ÷ capacity at 1.2 × capacity", "goodput ÷ capacity", rows, OverloadRow::goodputOfCapacity, 1.1);
        String wastedChart = OverloadCharts.bars(results.resolve("charts"), "overload-wasted",
                "Wasted work: the consumer's time on late answers ÷ its processing time", "wasted work", rows,
                OverloadRow::wastedWork, 1.05);
        String table = ResultsReport.table(OverloadRow.COLUMNS, rows.stream().map(OverloadRow::cells).toList());
        String verdictLines = verdicts.stream().map(line -> "- " + line).collect(Collectors.joining("\n"));
        System.out.println(table + "\n" + verdictLines);
        ResultsReport.write(results, "overload", "# Overload without collapse\n\n"
                + "Written by `OverloadBenchmark` from `benchmarks/scenarios/overload.yaml`; see docs/benchmarks.md.\n\n"
                + ResultsReport.contextList(context) + "\n\n" + table + "\n## Verdicts\n\n" + verdictLines + "\n\n"
                + "![goodput](charts/" + goodputChart + ")\n\n![wasted work](charts/" + wastedChart + ")\n",
                String.join(",", OverloadRow.COLUMNS) + "\n" + rows.stream().map(row -> String.join(",", row.cells()))
                        .collect(Collectors.joining("\n")) + "\n");
    }

    /** Issue 20's targets, PASS or MISS with the figure. */
    private static List<String> verdicts(List<OverloadRow> rows) {
        List<String> lines = new ArrayList<>();
        for (OverloadRow row : rows) {
            String which = row.strategy() + ", drop_expired " + row.dropExpired();
            if (row.strategy().equals("unbounded") && row.dropExpired().equals("off")) {
                lines.add(line(which + ": goodput collapses, under " + COLLAPSED + " × capacity",
                        row.goodputOfCapacity() < COLLAPSED, row.goodputOfCapacity()));
            }
            if (row.strategy().contains("codel") || row.strategy().contains("lifo")) {
                lines.add(line(which + ": goodput ≥ " + GOODPUT_TARGET + " × capacity",
                        row.goodputOfCapacity() >= GOODPUT_TARGET, row.goodputOfCapacity()));
            }
            if (row.dropExpired().equals("on")) {
                lines.add(line(which + ": wasted work near 0, under " + NEAR_ZERO, row.wastedWork() < NEAR_ZERO,
                        row.wastedWork()));
            }
        }
        return lines;
    }

    private static String line(String target, boolean met, double figure) {
        return new Verdict(target, met, number(figure, 2)).line();
    }
}
