package lab.backpressure.labtests.benchmark.strategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import lab.backpressure.labtests.benchmark.ResultTable;
import lab.backpressure.labtests.benchmark.ResultsReport;
import lab.backpressure.labtests.benchmark.Verdict;

import static lab.backpressure.labtests.benchmark.ResultsReport.number;

/**
 * A strategy comparison's results: markdown tables for people (with the context lines and the verdicts), the
 * same cells as long CSV rows, a per-second timeline CSV, and the diff against the results the run replaces.
 */
final class ComparisonReport {

    /**
     * A figure moved when it changed by more than this share of the larger of old and new, and by more than
     * {@link #NOISE_FLOOR}: one run against another on a shared 2-core machine differs by about 10 %.
     */
    static final double NOISE_SHARE = 0.15;
    static final double NOISE_FLOOR = 0.05;

    private ComparisonReport() {
    }

    static List<ResultTable> tables(List<PhaseFigures> figures, Map<String, List<PhaseFigures>> byStrategy) {
        return List.of(
                table("summary", "Per strategy: at the overload (the heaviest load at full capacity), and over the"
                        + " whole run", List.of("strategy", "overload_phase", "goodput_x", "good_p99_ms", "queue_wait_p99_ms", "heap_slope_mib_per_min",
                        "lost_in_run", "settling_s", "drain_s"), 1, byStrategy.values().stream()
                        .map(ComparisonReport::summary).toList()),
                table("goodput", "Goodput and loss per phase (goodput_x = goodput ÷ capacity, offered_x likewise)",
                        List.of("strategy", "phase", "offered_x", "capacity_per_s", "goodput_per_s", "goodput_x",
                                "wasted_per_s", "lost", "loss_by_reason"), 2, figures.stream().map(phase -> List.of(
                                phase.strategy(), phase.phase(), number(phase.offeredOfCapacity(), 2),
                                number(phase.capacityPerSecond(), 1), number(phase.goodputPerSecond(), 1),
                                number(phase.goodputOfCapacity(), 2), number(phase.latePerSecond(), 1),
                                Long.toString(phase.lost()), reasons(phase))).toList()),
                table("latency", "Latency per phase, ms (p50 / p99 of the histograms' bucket deltas)",
                        List.of("strategy", "phase", "queue_wait_p50_ms", "queue_wait_p99_ms", "e2e_p50_ms",
                                "e2e_p99_ms", "good_p50_ms", "good_p99_ms"), 2, figures.stream().map(phase -> List.of(
                                phase.strategy(), phase.phase(), ms(phase.queueWaitP50()), ms(phase.queueWaitP99()),
                                ms(phase.endToEndP50()), ms(phase.endToEndP99()), ms(phase.goodP50()),
                                ms(phase.goodP99()))).toList()),
                table("resources", "Memory, time and CPU per phase", List.of("strategy", "phase", "peak_queue",
                        "peak_queue_mib", "heap_slope_mib_per_min", "settling_s", "drain_s", "producer_cpu_cores"), 2,
                        figures.stream().map(phase -> List.of(phase.strategy(), phase.phase(),
                                Long.toString(phase.peakQueue()), number(phase.peakQueueMib(), 2),
                                number(phase.heapSlopeMibPerMinute(), 2), number(phase.settlingSeconds(), 1),
                                number(phase.drainSeconds(), 1), number(phase.producerCpuCores(), 2))).toList()),
                table("theory", "Theory checks per phase: Little's law (L against λW) and, for the bounded FIFO, "
                        + "M/M/1/K's blocking probability against the share refused", List.of("strategy", "phase",
                        "little_L", "little_lambda_W", "mm1k_predicted", "mm1k_observed"), 2, figures.stream()
                        .map(phase -> List.of(phase.strategy(), phase.phase(), number(phase.littleQueue(), 1),
                                number(phase.littleRateTimesWait(), 1), number(phase.blockingPredicted(), 3),
                                number(phase.blockingObserved(), 3))).toList()));
    }

    private static List<String> summary(List<PhaseFigures> phases) {
        PhaseFigures heaviest = ComparisonVerdicts.overload(phases);
        List<PhaseFigures> steps = ComparisonVerdicts.capacitySteps(phases);
        String settling = steps.isEmpty() ? "n/a"
                : steps.stream().anyMatch(step -> Double.isNaN(step.settlingSeconds())) ? "not settled"
                : number(steps.stream().mapToDouble(PhaseFigures::settlingSeconds).max().orElseThrow(), 1);
        double drain = Double.NaN;
        for (int i = 1; i < phases.size(); i++) {
            if (phases.get(i - 1).outage() && !phases.get(i).outage()) {
                drain = phases.get(i).drainSeconds();
            }
        }
        return List.of(heaviest.strategy(), heaviest.phase(), number(heaviest.goodputOfCapacity(), 2),
                ms(heaviest.goodP99()), ms(heaviest.queueWaitP99()), number(heaviest.heapSlopeMibPerMinute(), 2),
                Long.toString(phases.stream().mapToLong(PhaseFigures::lostByTheStrategy).sum()),
                settling, number(drain, 1));
    }

    static String markdown(String title, List<String> context, List<ResultTable> tables, List<Verdict> verdicts,
                           List<String> charts) {
        StringBuilder markdown = new StringBuilder("# " + title + "\n\n")
                .append("Written by `StrategyComparisonBenchmark`; docs/benchmarks.md says what each figure means.\n\n")
                .append(ResultsReport.contextList(context)).append("\n\n## Verdicts\n\n")
                .append(verdicts.stream().map(verdict -> "- " + verdict.line()).collect(Collectors.joining("\n")))
                .append("\n\n");
        charts.forEach(chart -> markdown.append("![").append(chart).append("](charts/").append(chart).append(")\n\n"));
        tables.forEach(table -> markdown.append(table.markdown()).append('\n'));
        return markdown.toString();
    }

    static String csv(List<ResultTable> tables) {
        return ResultTable.CSV_HEADER + "\n" + tables.stream().map(ResultTable::csv).collect(Collectors.joining());
    }

    static String timelineCsv(List<Timeline> timelines) {
        StringBuilder csv = new StringBuilder("strategy,seconds,phase,queue,goodput_per_s,e2e_p99_s\n");
        for (Timeline timeline : timelines) {
            for (Timeline.Point point : timeline.points()) {
                csv.append(String.join(",", timeline.strategy(), number(point.seconds(), 1), point.phase(),
                        Long.toString(point.queue()), number(point.goodputPerSecond(), 1),
                        number(point.endToEndP99(), 3))).append('\n');
            }
        }
        return csv.toString();
    }

    /**
     * The figures that moved beyond the noise since the results in {@code previousCsv}, one row each, so that a
     * change that makes a strategy worse is seen; a figure that is new or gone is listed as such.
     */
    static String diff(String title, String previousCsv, String currentCsv) {
        Map<String, String> before = cells(previousCsv);
        Map<String, String> now = cells(currentCsv);
        List<List<String>> moved = new ArrayList<>();
        now.forEach((key, value) -> {
            String old = before.get(key);
            if (old == null || movedBeyondNoise(old, value)) {
                moved.add(row(key, old == null ? "(new)" : old, value));
            }
        });
        before.keySet().stream().filter(key -> !now.containsKey(key)).forEach(key -> moved.add(row(key, before.get(key),
                "(gone)")));
        return "# " + title + ": what moved since the previous results\n\n"
                + "Figures that changed by more than " + number(NOISE_SHARE * 100, 0) + " % (and more than "
                + NOISE_FLOOR + ") against the results this run replaced; the rest stayed within the noise.\n\n"
                + (moved.isEmpty() ? "Nothing moved beyond the noise.\n"
                : ResultsReport.table(List.of("part", "case", "measure", "before", "now"), moved));
    }

    static boolean movedBeyondNoise(String before, String now) {
        try {
            double old = Double.parseDouble(before);
            double value = Double.parseDouble(now);
            double change = Math.abs(value - old);
            return change > NOISE_FLOOR && change > NOISE_SHARE * Math.max(Math.abs(old), Math.abs(value));
        } catch (NumberFormatException text) {
            return !before.equals(now);
        }
    }

    private static Map<String, String> cells(String csv) {
        Map<String, String> cells = new LinkedHashMap<>();
        csv.lines().skip(1).filter(line -> !line.isBlank()).forEach(line -> {
            List<String> fields = csvFields(line);
            cells.put(String.join("\u0000", fields.subList(0, 3)), fields.get(3));
        });
        return cells;
    }

    /** RFC 4180 fields, as {@link ResultTable} writes them. */
    private static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static List<String> row(String key, String before, String now) {
        List<String> cells = new ArrayList<>(List.of(key.split("\u0000")));
        cells.add(before);
        cells.add(now);
        return cells;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static ResultTable table(String part, String title, List<String> columns, int keys, List<List<String>> rows) {
        return new ResultTable(part, title, columns, keys, rows);
    }

    private static String reasons(PhaseFigures phase) {
        return phase.lossByReason().entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining("; "));
    }

    private static String ms(double seconds) {
        return number(seconds * 1000, 0);
    }
}
