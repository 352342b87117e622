package lab.backpressure.lab.run;

import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.lab.scenario.Step;
import tools.jackson.databind.JsonNode;

/** What a run reports as it goes: a live view draws from it, a benchmark records from it, a test may ignore it. */
public interface RunListener {

    RunListener QUIET = new RunListener() {
    };

    default void applied(Step step, JsonNode answer) {
    }

    default void phaseStarted(Phase phase, int index, int phases) {
    }

    /** A reading of both services, {@code elapsed} into a phase of {@code total}. */
    default void sampled(Phase phase, Sample sample, java.time.Duration elapsed, java.time.Duration total) {
    }

    default void checked(Check check) {
    }
}
