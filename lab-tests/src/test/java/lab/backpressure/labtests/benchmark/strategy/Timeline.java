package lab.backpressure.labtests.benchmark.strategy;

import java.util.ArrayList;
import java.util.List;

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
}
