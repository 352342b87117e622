package lab.backpressure.lab.run;

import java.util.List;
import java.util.Optional;

import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.Strategy;

/** A scenario as it ran, under one strategy for a benchmark: every phase with its readings and checks. */
public record RunResult(Scenario scenario, Optional<Strategy> strategy, List<PhaseResult> phases) {

    /** Every expectation of every phase measured and met; a skipped one is not met. */
    public boolean passed() {
        return phases.stream().allMatch(PhaseResult::passed);
    }

    public List<Check> checks() {
        return phases.stream().flatMap(phase -> phase.checks().stream()).toList();
    }
}
