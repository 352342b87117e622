package lab.backpressure.labtests.exercises;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioReader;
import lab.backpressure.lab.scenario.Tracks;
import lab.backpressure.labtests.support.LabService;

/** The exercise files under {@code exercises/}, in the order of their numbers. */
public final class ExerciseFiles {

    /** {@code 04-bounded-queue.yaml}; not {@code tracks.yaml}, which groups them. */
    private static final Pattern EXERCISE = Pattern.compile("\\d+-.+\\.yaml");

    private ExerciseFiles() {
    }

    public static Path directory() {
        return LabService.repositoryRoot().resolve("exercises");
    }

    public static List<Path> paths() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(file -> EXERCISE.matcher(file.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every exercise, read as {@code lab} reads it, with the file named relative to the repository. */
    public static List<Scenario> all() {
        return paths().stream().map(ExerciseFiles::read).toList();
    }

    public static Scenario read(Path file) {
        try {
            return ScenarioReader.read(LabService.repositoryRoot().relativize(file), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the exercise sends items through Kafka ({@code transport: kafka}), which needs a lab started with the
     * Kafka lane (docs/running.md): {@code KafkaWalkthroughTest} walks these, {@code ExerciseWalkthroughTest} the
     * others.
     */
    public static boolean needsKafka(Scenario exercise) {
        return Stream.concat(exercise.given().stream(), exercise.steps().stream())
                .map(step -> step.body().map(body -> body.path("transport")))
                .anyMatch(transport -> transport.filter(value -> "kafka".equals(value.asString(""))).isPresent());
    }

    /** The tracks of {@code exercises/tracks.yaml}, read as {@code lab list} reads them. */
    public static Tracks tracks() {
        return Tracks.in(directory(), Path.of("exercises")).orElseThrow();
    }

    /** The number {@code lab run} knows an exercise by: 4 for {@code 04-bounded-queue.yaml}. */
    public static int number(Scenario exercise) {
        return Integer.parseInt(exercise.name().substring(0, exercise.name().indexOf('-')));
    }
}
