package lab.backpressure.lab.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioException;
import lab.backpressure.lab.scenario.Tracks;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lab list}: every exercise in one line, number, title and summary, grouped into the tracks of the exercises'
 * tracks file, each in its recommended order under a heading that says where to start.
 */
@Command(name = "list", description = "List the exercises by track, in the order to take them: number, title,"
        + " summary.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    private LabCommand lab;

    /** A file that does not read is named on stderr, and the others are still listed. */
    @Override
    public Integer call() {
        Exercises exercises = lab.exercises();
        Map<Integer, String[]> rows = new LinkedHashMap<>();
        int exitCode = ExitCode.PASSED;
        for (Exercises.Exercise exercise : exercises.all()) {
            try {
                Scenario scenario = exercises.read(exercise);
                rows.put(exercise.number(),
                        new String[] {String.valueOf(exercise.number()), scenario.title(), scenario.summary()});
            } catch (ScenarioException refused) {
                lab.err().println(refused.getMessage());
                exitCode = ExitCode.CANNOT_RUN;
            }
        }
        int titleWidth = rows.values().stream().mapToInt(row -> row[1].length()).max().orElse(0);
        String format = "%3s  %-" + titleWidth + "s  %s";
        PrintWriter out = lab.out();
        Map<Integer, String[]> unlisted = new LinkedHashMap<>(rows);
        for (Tracks.Track track : exercises.tracks().map(Tracks::tracks).orElse(List.of())) {
            out.println(track.title() + ": start with " + track.exercises().getFirst() + ", " + track.startHere());
            track.exercises().stream().map(unlisted::remove).filter(row -> row != null)
                    .forEach(row -> out.println(format.formatted((Object[]) row).stripTrailing()));
            out.println();
        }
        if (!unlisted.isEmpty() && unlisted.size() < rows.size()) {
            out.println("In no track:");
        }
        unlisted.values().forEach(row -> out.println(format.formatted((Object[]) row).stripTrailing()));
        if (!unlisted.isEmpty()) {
            out.println();
        }
        out.println("Do an exercise's steps (its page, or lab show N), then lab check N checks what your lab shows;");
        out.println("lab run N resets the lab and does the whole exercise for you.");
        return exitCode;
    }
}
