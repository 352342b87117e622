package lab.backpressure.labtests.benchmark.strategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.run.RunListener;
import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.lab.scenario.Strategy;
import lab.backpressure.labtests.benchmark.Progress;

/**
 * Records every reading of a strategy's run as the engine makes them, adds both Prometheus scrapes about once a
 * second and at the edges of each phase's window (more would load a 2-core machine for nothing), measures the
 * producer's live heap between phases and where a phase's window starts, and prints progress.
 */
final class Recorder implements RunListener {

    private static final double SCRAPE_INTERVAL_SECONDS = 1;
    private static final double PROGRESS_INTERVAL_SECONDS = 10;

    private final ComparisonServices lab;
    private final Progress progress;
    /** Told of every phase as it closes, so that a run found invalid stops there rather than at its end. */
    private final BiConsumer<Strategy, PhaseRecord> closed;
    private final List<PhaseRecord> phases = new ArrayList<>();
    private long runStart;
    private Phase current;
    private int currentIndex;
    private Strategy strategy;
    private List<Reading> readings;
    private double liveAtStart;
    private double liveAtWindowStart;
    private double lastScrape;
    private double lastProgress;
    private boolean windowScraped;

    Recorder(ComparisonServices lab, Progress progress, BiConsumer<Strategy, PhaseRecord> closed) {
        this.lab = lab;
        this.progress = progress;
        this.closed = closed;
    }

    /** A new strategy's run begins: its clock starts. */
    void begin(Strategy strategy, int index, int count) {
        progress.step("strategy " + index + " of " + count + ": " + strategy.name() + " (" + strategy.summary() + ")");
        phases.clear();
        current = null;
        this.strategy = strategy;
        runStart = System.nanoTime();
    }

    /** The run is over: the last phase closes with the live heap measured now. */
    StrategyRecord finish() {
        closePhase(lab.producerLiveHeapMib());
        return new StrategyRecord(strategy, List.copyOf(phases));
    }

    @Override
    public void phaseStarted(Phase phase, int index, int count) {
        double live = lab.producerLiveHeapMib();
        closePhase(live);
        current = phase;
        currentIndex = index;
        readings = new ArrayList<>();
        liveAtStart = live;
        liveAtWindowStart = live;
        windowScraped = false;
        lastProgress = Double.NEGATIVE_INFINITY;
        progress.phase("phase %d of %d: %s, %d s".formatted(index + 1, count, phase.name(),
                phase.duration().toSeconds()));
    }

    @Override
    public void sampled(Phase phase, Sample sample, Duration elapsed, Duration total) {
        double runSeconds = (System.nanoTime() - runStart) / 1e9;
        boolean windowStart = !windowScraped && elapsed.compareTo(phase.settle()) >= 0;
        boolean scrape = readings.isEmpty() || windowStart || elapsed.compareTo(total) >= 0
                || runSeconds - lastScrape >= SCRAPE_INTERVAL_SECONDS;
        if (windowStart && phase.settle().isPositive()) {
            liveAtWindowStart = lab.producerLiveHeapMib();
        }
        Optional<Scrapes> scrapes = Optional.empty();
        if (scrape) {
            scrapes = Optional.of(lab.scrape());
            lastScrape = runSeconds;
            windowScraped |= windowStart;
        }
        Reading reading = new Reading(runSeconds, sample, scrapes);
        readings.add(reading);
        if (sample.seconds() - lastProgress >= PROGRESS_INTERVAL_SECONDS) {
            lastProgress = sample.seconds();
            progress.phase("    %3.0f of %d s: queue %d, good %d, late %d".formatted(sample.seconds(),
                    total.toSeconds(), reading.queueSize(), reading.good(), reading.late()));
        }
    }

    private void closePhase(double liveAtEnd) {
        if (current != null) {
            PhaseRecord phase = new PhaseRecord(current, currentIndex, List.copyOf(readings), liveAtStart,
                    liveAtWindowStart, liveAtEnd);
            phases.add(phase);
            current = null;
            closed.accept(strategy, phase);
        }
    }
}
