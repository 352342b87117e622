package lab.backpressure.labtests.benchmark.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.backpressure.labtests.benchmark.BucketQuantile;

/**
 * A strategy's run second by second, from the readings that carry scrapes (about one a second): the queue, the
 * goodput since the reading before, and the end-to-end p99 of the answers of the last few seconds.
 *
 * @param phaseStarts seconds into the run at which each phase began, for the charts' shading
 */
record Timeline(String strategy, List<Point> points, List<Double> phaseStarts, double end) {

    /** Enough answers for a p99 at the lab's rates, short enough to follow a change. */
    private static final int P99_INTERVALS = 3;

    record Point(double seconds, String phase, long queue, double goodputPerSecond, double endToEndP99) {
    }

    static Timeline of(StrategyRecord record) {
        List<Point> points = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        List<Reading> scraped = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        for (PhaseRecord phase : record.phases()) {
            starts.add(phase.readings().getFirst().runSeconds());
            phase.readings().stream().filter(reading -> reading.scrapes().isPresent()).forEach(reading -> {
                scraped.add(reading);
                phases.add(phase.phase().name());
            });
        }
        for (int i = 1; i < scraped.size(); i++) {
            Reading before = scraped.get(i - 1);
            Reading now = scraped.get(i);
            Reading p99From = scraped.get(Math.max(0, i - P99_INTERVALS));
            double seconds = now.runSeconds() - before.runSeconds();
            if (seconds <= 0) {
                continue;
            }
            var latency = BucketQuantile.delta(PhaseFigures.END_TO_END, p99From.scrapes().orElseThrow().consumer(),
                    now.scrapes().orElseThrow().consumer());
            points.add(new Point(now.runSeconds(), phases.get(i), now.queueSize(), (now.good() - before.good()) / seconds,
                    BucketQuantile.quantile(0.99, latency)));
        }
        return new Timeline(record.strategy().name(), List.copyOf(points), List.copyOf(starts),
                scraped.getLast().runSeconds());
    }

    /**
     * The timelines a {@code -timeline.csv} holds ({@link ComparisonReport#timelineCsv}), to draw a run's charts again
     * without running it: each phase starts at its first point, and the run ends at its last.
     */
    static List<Timeline> fromCsv(String csv) {
        Map<String, List<Point>> byStrategy = new LinkedHashMap<>();
        csv.lines().skip(1).filter(line -> !line.isBlank()).forEach(line -> {
            String[] cells = line.split(",", -1);
            byStrategy.computeIfAbsent(cells[0], strategy -> new ArrayList<>()).add(new Point(
                    Double.parseDouble(cells[1]), cells[2], Long.parseLong(cells[3]), figure(cells[4]),
                    figure(cells[5])));
        });
        List<Timeline> timelines = new ArrayList<>();
        byStrategy.forEach((strategy, points) -> {
            List<Double> starts = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                if (i == 0 || !points.get(i).phase().equals(points.get(i - 1).phase())) {
                    starts.add(points.get(i).seconds());
                }
            }
            timelines.add(new Timeline(strategy, List.copyOf(points), List.copyOf(starts), points.getLast().seconds()));
        });
        return timelines;
    }

    /** A figure as {@code ResultsReport.number} writes it: "n/a" for nothing measured. */
    private static double figure(String cell) {
        return cell.equals("n/a") ? Double.NaN : Double.parseDouble(cell);
    }

    /** The phases in the order the first strategy went through them. */
    static List<String> phaseNames(List<Timeline> timelines) {
        List<String> names = new ArrayList<>();
        for (Point point : timelines.getFirst().points()) {
            if (names.isEmpty() || !names.getLast().equals(point.phase())) {
                names.add(point.phase());
            }
        }
        return names;
    }
}
