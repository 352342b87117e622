package lab.backpressure.lab.run;

import lab.backpressure.lab.scenario.Expectation;
import lab.backpressure.lab.scenario.Figures;

/**
 * One expectation checked: the figure measured, where from ({@code status} or {@code prometheus}), and whether it is
 * within the bound. A skipped check is one whose only source (PromQL) does not answer here.
 */
public record Check(Expectation expectation, Object measured, String source, Outcome outcome) {

    public enum Outcome { PASS, MISS, SKIPPED }

    public boolean passed() {
        return outcome != Outcome.MISS;
    }

    /** One line a learner reads: PASS or MISS, the figure, the bound, and why. */
    public String line() {
        return switch (outcome) {
            case SKIPPED -> "SKIP  %s: needs Prometheus (%s)".formatted(expectation.describe(), expectation.why());
            case PASS, MISS -> "%s  %s = %s, expected %s (%s)".formatted(outcome, expectation.describe(),
                    Figures.format(measured), expectation.bound(), expectation.why());
        };
    }
}
