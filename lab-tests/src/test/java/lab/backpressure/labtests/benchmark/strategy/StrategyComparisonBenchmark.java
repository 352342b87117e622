package lab.backpressure.labtests.benchmark.strategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.Strategy;
import lab.backpressure.labtests.benchmark.Calibration;
import lab.backpressure.labtests.support.LabService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs a scenario of {@code benchmarks/scenarios/} against its strategies on the real jars and writes the
 * results, charts, verdicts and the diff against the previous results into {@code benchmarks/results/}.
 * {@code -Dlab.scenario=standard} (the default) or {@code sweep}; {@code -Dlab.strategies=bounded,adaptive} for
 * some of the file's strategies; {@code -Dlab.benchmark.baseline-p99-processing-times=10} is how many processing
 * times a baseline's end-to-end p99 may take before the run is invalid. It measures rather than checks, so a
 * missed target is a verdict line, not a failure; an invalid run fails and writes nothing.
 * {@code -Dtest=StrategyComparisonBenchmark#redrawTheChartsOverTime} draws the charts over time of every committed
 * {@code -timeline.csv} again, in seconds, without running anything.
 */
@Tag("benchmark")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class StrategyComparisonBenchmark {

    @Test
    void compareTheStrategies() throws Exception {
        Scenario scenario = StrategyComparison.read(System.getProperty("lab.scenario", "standard"));
        List<Strategy> strategies = StrategyComparison.chosen(scenario,
                Optional.ofNullable(System.getProperty("lab.strategies")));
        try (ComparisonServices lab = ComparisonServices.start()) {
            ComparisonResults results = ComparisonResults.of(StrategyComparison.run(lab, scenario, strategies,
                    Double.parseDouble(System.getProperty("lab.benchmark.baseline-p99-processing-times",
                            Double.toString(StrategyComparison.BASELINE_P99_PROCESSING_TIMES))),
                    Calibration.LEAST_SHARE));
            results.verdicts().forEach(verdict -> System.out.println(verdict.line()));
            List<Path> written = results.write(LabService.repositoryRoot().resolve("benchmarks/results"));
            written.forEach(file -> System.out.println("wrote " + file));
        }
    }

    @Test
    void redrawTheChartsOverTime() throws Exception {
        Path results = LabService.repositoryRoot().resolve("benchmarks/results");
        for (String scenario : List.of("smoke", "standard", "sweep")) {
            Path csv = results.resolve("strategies-" + scenario + "-timeline.csv");
            if (Files.exists(csv)) {
                List<Timeline> timelines = Timeline.fromCsv(Files.readString(csv));
                ComparisonResults.overTimeCharts(results.resolve("charts"), "strategies-" + scenario,
                        StrategyComparison.read(scenario).title(), timelines, Timeline.phaseNames(timelines))
                        .forEach(chart -> System.out.println("drew charts/" + chart + " from " + csv.getFileName()));
            }
        }
    }
}
