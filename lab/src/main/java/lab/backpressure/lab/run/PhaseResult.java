package lab.backpressure.lab.run;

import java.util.List;

import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.scenario.Phase;

/** A phase as it ran: every reading, the window after its settle time, and its expectations checked. */
public record PhaseResult(Phase phase, List<Sample> samples, List<Sample> window, List<Check> checks) {

    /** Every expectation measured and met; a skipped one is not met. */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }
}
