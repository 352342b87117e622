package lab.backpressure.lab.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * The tracks of {@code exercises/tracks.yaml}: the exercises grouped by what they teach, each group in the order a
 * learner takes it. {@code lab list} prints them; the README's track table says the same.
 */
public record Tracks(List<Track> tracks) {

    /** The file, next to the exercise files. */
    public static final String FILE = "tracks.yaml";

    /**
     * One track.
     *
     * @param startHere one line on why its first exercise is where to start
     * @param exercises the exercises' numbers in the recommended order
     */
    public record Track(String title, String startHere, List<Integer> exercises) {
    }

    /** The tracks of {@code directory}'s tracks file; none for a directory without one (a learner's own). */
    public static Optional<Tracks> in(Path directory, Path shownAs) {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Path shown = shownAs.resolve(FILE);
        return Optional.of(read(shown, ScenarioReader.text(file, shown)));
    }

    static Tracks read(Path file, String text) {
        LocatedYaml yaml = LocatedYaml.parse(file, text);
        JsonNode root = yaml.root();
        if (!root.isArray()) {
            throw new ScenarioException(file, yaml.lineOf(root), null, "a list of tracks, each with track,"
                    + " start_here and exercises");
        }
        List<Track> tracks = new ArrayList<>();
        for (JsonNode track : root) {
            List<Integer> exercises = new ArrayList<>();
            JsonNode numbers = track.path("exercises");
            for (JsonNode number : numbers) {
                if (!number.isIntegralNumber()) {
                    throw new ScenarioException(file, yaml.lineOf(number), "exercises", "an exercise's number");
                }
                exercises.add(number.intValue());
            }
            String title = track.path("track").asString("");
            String startHere = track.path("start_here").asString("");
            if (title.isBlank() || startHere.isBlank() || exercises.isEmpty()) {
                throw new ScenarioException(file, yaml.lineOf(track), null,
                        "every track has a title (track), a start_here line and at least one exercise");
            }
            tracks.add(new Track(title, startHere, List.copyOf(exercises)));
        }
        return new Tracks(List.copyOf(tracks));
    }
}
