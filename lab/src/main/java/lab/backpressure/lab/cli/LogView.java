package lab.backpressure.lab.cli;

import java.io.PrintWriter;
import java.time.Duration;

import lab.backpressure.lab.scenario.Phase;

/**
 * The live view where stdout is a file or a pipe (CI, {@code docker compose run -T}): no cursor movement, one line
 * of figures every few seconds and at the end of each phase, so a log stays readable.
 */
final class LogView extends LiveView {

    private static final Duration EVERY = Duration.ofSeconds(5);

    /** When into the phase the next line is due: on the multiples of {@link #EVERY}, so that lines do not drift. */
    private Duration nextLine = Duration.ZERO;

    LogView(PrintWriter out) {
        super(out);
    }

    @Override
    public void phaseStarted(Phase phase, int index, int phases) {
        nextLine = Duration.ZERO;
        super.phaseStarted(phase, index, phases);
    }

    @Override
    protected void show(Readout readout, String progress, Duration elapsed, boolean last) {
        if (last || elapsed.compareTo(nextLine) >= 0) {
            say("  " + progress + "  " + readout.state() + "  " + readout.flow());
            while (nextLine.compareTo(elapsed) <= 0) {
                nextLine = nextLine.plus(EVERY);
            }
        }
    }
}
