package lab.backpressure.labtests.benchmark.overload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.run.RunListener;
import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.labtests.benchmark.InvalidRun;
import lab.backpressure.labtests.benchmark.Progress;
import lab.backpressure.labtests.support.PrometheusScrape;
import lab.backpressure.labtests.support.ServiceProcess;

/**
 * Records a strategy's phases as the engine runs them: both services' readings and Prometheus scrapes where each
 * phase's window starts (the first reading past its settle time) and where it ends (the last reading), and prints
 * progress every ten seconds. The engine checks the producer's books at every reading.
 */
final class OverloadRecorder implements RunListener {

    private static final double PROGRESS_INTERVAL_SECONDS = 10;

    private final ServiceProcess producer;
    private final ServiceProcess consumer;
    private final Progress progress;
    private final List<Window> windows = new ArrayList<>();
    private Phase current;
    private Snapshot start;
    private Snapshot end;
    private double lastProgress;

    OverloadRecorder(ServiceProcess producer, ServiceProcess consumer, Progress progress) {
        this.producer = producer;
        this.consumer = consumer;
        this.progress = progress;
    }

    /** One reading of both services with their scrapes, at {@code nanos} (System.nanoTime). */
    record Snapshot(Sample sample, PrometheusScrape producer, PrometheusScrape consumer, long nanos) {
    }

    /** A phase's measured window. */
    record Window(Phase phase, Snapshot start, Snapshot end) {

        double seconds() {
            return (end.nanos() - start.nanos()) / 1e9;
        }
    }

    @Override
    public void phaseStarted(Phase phase, int index, int phases) {
        closePhase();
        current = phase;
        lastProgress = Double.NEGATIVE_INFINITY;
        progress.phase("phase %d of %d: %s, %d s (settle %d s)".formatted(index + 1, phases, phase.name(),
                phase.duration().toSeconds(), phase.settle().toSeconds()));
    }

    @Override
    public void sampled(Phase phase, Sample sample, Duration elapsed, Duration total) {
        if (elapsed.compareTo(phase.settle()) >= 0) {
            Snapshot now = new Snapshot(sample, PrometheusScrape.of(producer), PrometheusScrape.of(consumer),
                    System.nanoTime());
            if (start == null) {
                start = now;
            }
            end = now;
        }
        if (sample.seconds() - lastProgress >= PROGRESS_INTERVAL_SECONDS) {
            lastProgress = sample.seconds();
            progress.phase("    %3.0f of %d s: queue %d, consumer good %d, late %d, expired %d".formatted(
                    elapsed.toMillis() / 1000.0, total.toSeconds(), sample.producer().path("queue").path("size").asLong(),
                    sample.consumer().path("good").asLong(), sample.consumer().path("late").asLong(),
                    sample.consumer().path("expired").asLong()));
        }
    }

    /** The windows of the strategy's run, which is over; the recorder starts afresh for the next one. */
    List<Window> finish() {
        closePhase();
        List<Window> done = List.copyOf(windows);
        windows.clear();
        return done;
    }

    private void closePhase() {
        if (current != null) {
            if (start == null || start == end) {
                throw new InvalidRun("phase " + current.name() + " had fewer than two readings in its window");
            }
            windows.add(new Window(current, start, end));
        }
        current = null;
        start = null;
        end = null;
    }
}
