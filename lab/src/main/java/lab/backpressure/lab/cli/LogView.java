package lab.backpressure.lab.cli;

import java.io.PrintWriter;

/**
 * The live view where stdout is a file or a pipe (CI, {@code docker compose run -T}): no cursor movement, one line
 * of figures every few readings and at the end of each phase, so a log stays readable.
 */
final class LogView extends LiveView {

    /** The runner reads about once a second: a line for every fifth reading is one every five seconds. */
    private static final int EVERY = 5;

    private int readings;

    LogView(PrintWriter out) {
        super(out);
    }

    @Override
    public void phaseStarted(lab.backpressure.lab.scenario.Phase phase, int index, int phases) {
        readings = 0;
        super.phaseStarted(phase, index, phases);
    }

    @Override
    protected void show(Readout readout, String progress, boolean last) {
        if (readings++ % EVERY == 0 || last) {
            say("  " + progress + "  " + readout.state() + "  " + readout.flow());
        }
    }
}
