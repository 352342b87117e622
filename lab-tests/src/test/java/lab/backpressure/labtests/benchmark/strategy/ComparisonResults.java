package lab.backpressure.labtests.benchmark.strategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import lab.backpressure.labtests.benchmark.ResultTable;
import lab.backpressure.labtests.benchmark.Verdict;

/**
 * A comparison turned into figures and verdicts, and written out: {@code strategies-<scenario>.md} and
 * {@code .csv}, {@code -timeline.csv}, {@code -diff.md} against the files it replaces, and the charts under
 * {@code charts/}.
 */
record ComparisonResults(Comparison comparison, Map<String, List<PhaseFigures>> byStrategy, List<Verdict> verdicts) {

    static ComparisonResults of(Comparison comparison) {
        Map<String, List<PhaseFigures>> byStrategy = new LinkedHashMap<>();
        for (StrategyRecord record : comparison.records()) {
            // a Poisson baseline leaves an item or two queued now and then: drained means back to that, not to 0
            double drainLevel = Math.max(1, record.phases().getFirst().window().stream().mapToLong(Reading::queueSize)
                    .max().orElseThrow());
            byStrategy.put(record.strategy().name(), IntStream.range(0, record.phases().size())
                    .mapToObj(index -> PhaseFigures.of(record, index, comparison.calibration(), drainLevel)).toList());
        }
        List<lab.backpressure.lab.scenario.Strategy> strategies = comparison.records().stream()
                .map(StrategyRecord::strategy).toList();
        return new ComparisonResults(comparison, byStrategy, ComparisonVerdicts.of(strategies, byStrategy,
                ComparisonServices.SPEED.speed()));
    }

    String name() {
        return "strategies-" + comparison.scenario().name();
    }

    List<PhaseFigures> figures() {
        return byStrategy.values().stream().flatMap(List::stream).toList();
    }

    /** Writes every file into {@code directory}; answers the paths written. */
    List<Path> write(Path directory) throws IOException {
        List<ResultTable> tables = ComparisonReport.tables(figures(), byStrategy);
        List<Timeline> timelines = comparison.records().stream().map(Timeline::of).toList();
        Path charts = directory.resolve("charts");
        List<String> chartFiles = charts(charts, timelines);
        String title = comparison.scenario().title();
        String csv = ComparisonReport.csv(tables);
        Path csvFile = directory.resolve(name() + ".csv");
        String previous = Files.exists(csvFile) ? Files.readString(csvFile) : null;
        List<Path> written = new ArrayList<>();
        written.add(write(directory.resolve(name() + ".md"),
                ComparisonReport.markdown(title, comparison.context(), tables, verdicts, chartFiles)));
        written.add(write(csvFile, csv));
        written.add(write(directory.resolve(name() + "-timeline.csv"), ComparisonReport.timelineCsv(timelines)));
        written.add(write(directory.resolve(name() + "-diff.md"), previous == null
                ? "# " + title + ": what moved since the previous results\n\nNo previous results to compare with.\n"
                : ComparisonReport.diff(title, previous, csv)));
        chartFiles.forEach(chart -> written.add(charts.resolve(chart)));
        return written;
    }

    private List<String> charts(Path directory, List<Timeline> timelines) throws IOException {
        List<String> files = new ArrayList<>(overTimeCharts(directory, name(), comparison.scenario().title(),
                timelines, ComparisonCharts.phaseNames(comparison.records().getFirst())));
        if (ComparisonVerdicts.sweep(byStrategy.values().iterator().next())) {
            files.add(ComparisonCharts.againstLoad(directory, name() + "-goodput-vs-load",
                    "Goodput against offered load", "goodput ÷ capacity", byStrategy,
                    PhaseFigures::goodputOfCapacity, false, true));
            files.add(ComparisonCharts.againstLoad(directory, name() + "-good-p99-vs-load",
                    "p99 latency of good answers against offered load", "seconds", byStrategy,
                    PhaseFigures::goodP99, true, false));
        }
        return files;
    }

    /** The queue, goodput and p99 of every strategy over the run; answers the files' names. */
    static List<String> overTimeCharts(Path directory, String name, String scenarioTitle, List<Timeline> timelines,
                                       List<String> phaseNames) throws IOException {
        return List.of(
                ComparisonCharts.overTime(directory, name + "-queue", "Queue depth: " + scenarioTitle,
                        "items queued at the producer, + 1 so that an empty queue shows", timelines, phaseNames,
                        point -> point.queue() + 1, true),
                ComparisonCharts.overTime(directory, name + "-goodput", "Goodput: " + scenarioTitle,
                        "items answered by their deadline, per second", timelines, phaseNames,
                        Timeline.Point::goodputPerSecond, false),
                ComparisonCharts.overTime(directory, name + "-p99", "End-to-end p99: " + scenarioTitle,
                        "p99 of the last 3 s of answers, seconds", timelines, phaseNames, Timeline.Point::endToEndP99,
                        true));
    }

    private static Path write(Path file, String text) throws IOException {
        ComparisonReport.write(file, text);
        return file;
    }
}
