package lab.backpressure.lab.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.run.Check;
import lab.backpressure.lab.run.RunListener;
import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.lab.scenario.Step;
import tools.jackson.databind.JsonNode;

/**
 * What a learner sees while {@code lab run} or {@code lab check} watches: each step as it is applied, each phase's
 * start, the lab's figures as it goes, and each expectation as it is checked. How the figures are shown, redrawn in
 * place on a terminal or as a line every few seconds in a log, is the subclass's part.
 */
abstract class LiveView implements RunListener {

    private static final int BAR_WIDTH = 30;

    protected final PrintWriter out;
    private final Deque<Sample> recent = new ArrayDeque<>();

    protected LiveView(PrintWriter out) {
        this.out = out;
    }

    /** Redrawn in place where stdout is a terminal, one line every few seconds where it is a file or a pipe. */
    static LiveView of(PrintWriter out, boolean terminal) {
        return terminal ? new TerminalView(out) : new LogView(out);
    }

    @Override
    public void applied(Step step, JsonNode answer) {
        say("  " + step.service().key() + " POST " + step.path() + step.body().map(body -> " " + body).orElse(""));
    }

    @Override
    public void phaseStarted(Phase phase, int index, int phases) {
        recent.clear();
        say((phases > 1 ? "Phase " + (index + 1) + " of " + phases + ": " : "") + phase.name() + ", watching "
                + Durations.format(phase.duration())
                + (phase.settle().isZero() ? "" : " (the first " + Durations.format(phase.settle()) + " settle)"));
    }

    @Override
    public void sampled(Phase phase, Sample sample, Duration elapsed, Duration total) {
        recent.addLast(sample);
        if (recent.size() > Readout.RECENT) {
            recent.removeFirst();
        }
        show(Readout.of(List.copyOf(recent)), progress(phase, elapsed, total), elapsed, elapsed.equals(total));
    }

    @Override
    public void checked(Check check) {
        say(check.line());
    }

    /** A line of its own, below whatever figures were shown. */
    protected void say(String line) {
        out.println(line);
        out.flush();
    }

    /** The figures of the latest reading, {@code elapsed} into the phase; {@code last} is the phase's final one. */
    protected abstract void show(Readout readout, String progress, Duration elapsed, boolean last);

    /** How far the watch is, with the settle time marked: {@code [~~~~=====.....] 24 s of 40 s}. */
    private static String progress(Phase phase, Duration elapsed, Duration total) {
        int done = (int) Math.round(BAR_WIDTH * fraction(elapsed, total));
        int settled = (int) Math.round(BAR_WIDTH * fraction(phase.settle(), total));
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < BAR_WIDTH; i++) {
            bar.append(i >= done ? '.' : i < settled ? '~' : '=');
        }
        // whole seconds where they move visibly; a phase compressed below 2 s shows its milliseconds
        Duration shown = total.compareTo(Duration.ofSeconds(2)) < 0 ? elapsed : elapsed.truncatedTo(ChronoUnit.SECONDS);
        return bar.append("] ").append(Durations.format(shown)).append(" of ").append(Durations.format(total))
                .toString();
    }

    private static double fraction(Duration part, Duration whole) {
        return whole.isZero() ? 1 : Math.min(1, (double) part.toNanos() / whole.toNanos());
    }
}
