package lab.backpressure.lab.cli;

import java.io.PrintWriter;
import java.util.List;

import lab.backpressure.lab.scenario.Expectation;
import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.Step;

/**
 * An exercise as {@code lab show} prints it, to do by hand: where it starts, its steps as the handout's curl
 * commands, how long to watch, what to expect and why, and what to think about. Always the written (real-time)
 * figures: a learner typing curl commands runs the lab at its normal speed.
 */
final class ExerciseSheet {

    private static final String INDENT = "  ";

    private final PrintWriter out;

    ExerciseSheet(PrintWriter out) {
        this.out = out;
    }

    void print(Scenario scenario, String reference) {
        out.println(Exercises.numberOf(scenario).map(number -> "Exercise " + number + ": ").orElse("")
                + scenario.title());
        if (!scenario.summary().isBlank()) {
            out.println(scenario.summary());
        }
        scenario.doc().ifPresent(doc -> out.println("Explained in " + doc));
        if (!scenario.given().isEmpty()) {
            out.println();
            out.println("Before this exercise (where the earlier ones left the lab; lab run applies it for you):");
            scenario.given().forEach(this::curl);
        }
        List<Phase> phases = scenario.phases();
        for (int i = 0; i < phases.size(); i++) {
            phase(phases.get(i), i, phases.size(), reference);
        }
        list("Questions", scenario.questions());
        list("Takeaways", scenario.takeaways());
        out.println();
        out.println("Run it and check it: lab run " + reference + ". Did the steps by hand? lab check " + reference
                + " measures the lab as it is, against the phase marked with it above.");
    }

    private void phase(Phase phase, int index, int count, String reference) {
        out.println();
        out.println((count > 1 ? "Phase " + (index + 1) + " of " + count + ": " : "") + phase.name());
        phase.steps().forEach(this::curl);
        out.println(INDENT + "Watch for " + Durations.format(phase.duration())
                + (phase.settle().isZero() ? "." : ": the first " + Durations.format(phase.settle())
                + " let the change take effect, the last " + Durations.format(phase.window()) + " are measured."));
        if (!phase.expectations().isEmpty()) {
            out.println(INDENT + "You should see:");
            phase.expectations().forEach(this::expectation);
        }
        if (phase.checked()) {
            out.println(INDENT + "The lesson shows here: after these steps by hand, lab check " + reference
                    + " checks this against the lab as it is, changing nothing.");
        }
    }

    private void expectation(Expectation expectation) {
        out.println(INDENT + "- " + expectation.describe() + " " + expectation.bound() + ": " + expectation.why());
    }

    private void curl(Step step) {
        step.curl().lines().forEach(line -> out.println(INDENT + line));
    }

    private void list(String heading, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.println();
        out.println(heading + ":");
        lines.forEach(line -> out.println(INDENT + "- " + line));
    }
}
