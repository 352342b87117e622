package lab.backpressure.lab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code lab list}: every exercise in one line, number, title and summary. */
@Command(name = "list", description = "List the exercises: number, title, summary.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    private LabCommand lab;

    /** A file that does not read is named on stderr, and the others are still listed. */
    @Override
    public Integer call() {
        Exercises exercises = lab.exercises();
        List<String[]> rows = new ArrayList<>();
        int exitCode = ExitCode.PASSED;
        for (Exercises.Exercise exercise : exercises.all()) {
            try {
                Scenario scenario = exercises.read(exercise);
                rows.add(new String[] {String.valueOf(exercise.number()), scenario.title(), scenario.summary()});
            } catch (ScenarioException refused) {
                lab.err().println(refused.getMessage());
                exitCode = ExitCode.CANNOT_RUN;
            }
        }
        int titleWidth = rows.stream().mapToInt(row -> row[1].length()).max().orElse(0);
        PrintWriter out = lab.out();
        rows.forEach(row -> out.println(("%3s  %-" + titleWidth + "s  %s").formatted(row[0], row[1], row[2])
                .stripTrailing()));
        out.println();
        out.println("lab show N prints an exercise's steps as curl commands; lab run N runs it and checks it.");
        return exitCode;
    }
}
