package lab.backpressure.lab.run;

import lab.backpressure.lab.scenario.Expectation;
import lab.backpressure.lab.scenario.Figures;

/**
 * One expectation checked: the figure measured, where from ({@code status} or {@code prometheus}), and whether it is
 * within the bound. A skipped check is one whose only source (PromQL) did not answer here; {@code measured} then
 * says why. Skipped is not met: only a {@link Outcome#PASS} is.
 */
public record Check(Expectation expectation, Object measured, String source, Outcome outcome) {

    public enum Outcome { PASS, MISS, SKIPPED }

    static Check skipped(Expectation expectation, String why) {
        return new Check(expectation, why, "prometheus", Outcome.SKIPPED);
    }

    /** Met: measured and within its bound. A skipped check was never measured, so it is not. */
    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    /** Measured, whichever way it came out. */
    public boolean evaluated() {
        return outcome != Outcome.SKIPPED;
    }

    /** Why a skipped check was skipped, e.g. that no Prometheus was asked; empty for one that was measured. */
    public String skipReason() {
        return outcome == Outcome.SKIPPED ? String.valueOf(measured) : "";
    }

    /** One line a learner reads: PASS, MISS or SKIP, the figure, the bound, and why. */
    public String line() {
        return switch (outcome) {
            case SKIPPED -> "SKIP  %s: not measured, it needs Prometheus and %s (%s)".formatted(
                    expectation.describe(), measured, expectation.why());
            case PASS, MISS -> "%s  %s = %s, expected %s (%s)".formatted(outcome, expectation.describe(),
                    Figures.format(measured), expectation.bound(), expectation.why());
        };
    }
}
