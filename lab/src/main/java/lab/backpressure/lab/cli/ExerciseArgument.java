package lab.backpressure.lab.cli;

import lab.backpressure.lab.scenario.Scenario;
import picocli.CommandLine.Parameters;

/** The scenario show, run and check work on, as the command line names it. */
final class ExerciseArgument {

    @Parameters(paramLabel = "EXERCISE", description = "an exercise's number (lab list), or a scenario file's path")
    private String reference;

    String reference() {
        return reference;
    }

    Scenario scenario(LabCommand lab) {
        return lab.exercises().scenario(reference);
    }
}
