package lab.backpressure.lab.cli;

import java.io.PrintWriter;
import java.time.Duration;

/** The live view on a terminal: the figures stay in three lines that each reading redraws in place (ANSI). */
final class TerminalView extends LiveView {

    private static final String UP_ONE_LINE = "\033[1A";
    private static final String CLEAR_LINE = "\r\033[2K";

    /** How many lines of figures are on screen below the last line said, to redraw over. */
    private int drawn;

    TerminalView(PrintWriter out) {
        super(out);
    }

    @Override
    protected void say(String line) {
        drawn = 0;
        super.say(line);
    }

    @Override
    protected void show(Readout readout, String progress, Duration elapsed, boolean last) {
        StringBuilder screen = new StringBuilder();
        screen.append((UP_ONE_LINE + CLEAR_LINE).repeat(drawn));
        for (String line : new String[] {"  " + progress, "  " + readout.state(), "  " + readout.flow()}) {
            screen.append(CLEAR_LINE).append(line).append(System.lineSeparator());
        }
        out.print(screen);
        out.flush();
        drawn = last ? 0 : 3;
    }
}
