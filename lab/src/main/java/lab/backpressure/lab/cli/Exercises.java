package lab.backpressure.lab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioReader;
import lab.backpressure.lab.scenario.Tracks;

/**
 * The exercises a learner names by number: the files {@code NN-slug.yaml} of a directory, number NN. By default the
 * repository's {@code exercises/} as bundled into the jar, so the command works from any directory; with
 * {@code --exercises} a directory on disk. A scenario can also be named by its path, a learner's own file.
 */
final class Exercises {

    private static final String BUNDLED = "exercises";
    private static final Pattern NUMBERED = Pattern.compile("(\\d+)-.+\\.ya?ml");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** One exercise file and the number it is named by. */
    record Exercise(int number, Path file) {
    }

    /** Where the files are read from. */
    private final Path directory;
    /** How messages name that directory: {@code exercises} for the bundled ones, which live in the jar. */
    private final Path shownAs;

    private Exercises(Path directory, Path shownAs) {
        this.directory = directory;
        this.shownAs = shownAs;
    }

    static Exercises bundled() {
        URL resource = Exercises.class.getResource("/" + BUNDLED);
        if (resource == null) {
            throw new IllegalStateException("this build of lab has no exercises bundled (no /" + BUNDLED
                    + " on its class path); give a directory with --exercises");
        }
        return new Exercises(directoryOf(resource), Path.of(BUNDLED));
    }

    static Exercises in(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchExercise("--exercises " + directory + " is not a directory; give the folder that holds"
                    + " the NN-name.yaml files (the repository's exercises/), or leave the option out to use the"
                    + " exercises bundled with lab");
        }
        return new Exercises(directory, directory);
    }

    /** Every exercise, by number. */
    List<Exercise> all() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> Map.entry(file, NUMBERED.matcher(file.getFileName().toString())))
                    .filter(entry -> entry.getValue().matches())
                    .map(entry -> new Exercise(Integer.parseInt(entry.getValue().group(1)), entry.getKey()))
                    .sorted(java.util.Comparator.comparingInt(Exercise::number)
                            .thenComparing(exercise -> exercise.file().getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the exercises in " + shownAs, e);
        }
    }

    /** The tracks the exercises are grouped into; none for a directory without a tracks file. */
    Optional<Tracks> tracks() {
        return Tracks.in(directory, shownAs);
    }

    Scenario read(Exercise exercise) {
        Path shown = shownAs.resolve(exercise.file().getFileName().toString());
        return ScenarioReader.read(shown, ScenarioReader.text(exercise.file(), shown));
    }

    /** The scenario a command line names: an exercise's number ({@code 4} or {@code 04}), or a file's path. */
    Scenario scenario(String reference) {
        if (NUMBER.matcher(reference).matches()) {
            return read(exercise(Integer.parseInt(reference)));
        }
        Path file = Path.of(reference);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchExercise("there is no scenario file " + file + " (from " + Path.of("").toAbsolutePath()
                    + "); give an exercise number (lab list shows them) or the path of a .yaml scenario file");
        }
        return ScenarioReader.read(file);
    }

    /** The number a scenario's file name gives it, for a heading; none for a file not named NN-name.yaml. */
    static Optional<Integer> numberOf(Scenario scenario) {
        Matcher matcher = NUMBERED.matcher(scenario.file().getFileName().toString());
        return matcher.matches() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    private Exercise exercise(int number) {
        List<Exercise> all = all();
        List<Exercise> numbered = all.stream().filter(exercise -> exercise.number() == number).toList();
        if (numbered.isEmpty()) {
            throw new NoSuchExercise("there is no exercise " + number + " in " + shownAs + "; the exercises are "
                    + all.stream().map(exercise -> String.valueOf(exercise.number())).distinct()
                    .collect(Collectors.joining(", ")) + " (lab list shows them with their titles)");
        }
        if (numbered.size() > 1) {
            throw new NoSuchExercise("exercise " + number + " is ambiguous: " + numbered.stream()
                    .map(exercise -> exercise.file().getFileName().toString()).collect(Collectors.joining(" and "))
                    + " in " + shownAs + " both have that number; rename one");
        }
        return numbered.getFirst();
    }

    /** The bundled directory, in the jar (read through a zip file system) or in target/classes during a build. */
    private static Path directoryOf(URL resource) {
        try {
            URI uri = resource.toURI();
            if (!uri.getScheme().equals("jar")) {
                return Path.of(uri);
            }
            try {
                FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException opened) {
                // opened by an earlier call in this JVM: the path below reads through it
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the bundled exercises at " + resource, e);
        }
    }
}
