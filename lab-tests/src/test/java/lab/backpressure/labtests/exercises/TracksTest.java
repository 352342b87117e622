package lab.backpressure.labtests.exercises;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.Tracks;
import lab.backpressure.labtests.support.LabService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracks of exercises/tracks.yaml, which {@code lab list} prints, are the ones the README's track table and
 * docs/exercises/README.md show, in the same order, and every exercise file is in exactly one of them.
 */
class TracksTest {

    private static final String TRACK_ROW = "| [";

    @Test
    void everyExerciseIsInExactlyOneTrackAndEveryNumberInATrackIsAnExercise() {
        Map<Integer, Long> times = ExerciseFiles.tracks().tracks().stream()
                .flatMap(track -> track.exercises().stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        List<Integer> exercises = ExerciseFiles.all().stream().map(ExerciseFiles::number).toList();

        assertThat(exercises).as("exercise files").hasSizeGreaterThanOrEqualTo(20);
        assertThat(exercises).as("exercises in no track (put each into one in exercises/tracks.yaml)")
                .filteredOn(number -> !times.containsKey(number)).isEmpty();
        assertThat(times).as("exercises in more than one track").allSatisfy((number, count) ->
                assertThat(count).as("tracks of exercise %d", number).isOne());
        assertThat(times.keySet()).as("numbers in exercises/tracks.yaml with no exercise file")
                .isSubsetOf(exercises);
    }

    @Test
    void theReadmesTrackTableIsTheTracksFileInItsOrder() throws IOException {
        Map<Integer, Scenario> byNumber = ExerciseFiles.all().stream()
                .collect(Collectors.toMap(ExerciseFiles::number, Function.identity()));
        List<String> expected = ExerciseFiles.tracks().tracks().stream().map(track -> {
            int first = track.exercises().getFirst();
            return "| [%s](%s#%s) | [%d](%s): %s | %s |".formatted(track.title(), ExerciseIndex.PAGE,
                    anchor(track.title()), first, byNumber.get(first).doc().orElseThrow(), track.startHere(),
                    track.exercises().stream().skip(1).map(String::valueOf).collect(Collectors.joining(", ")));
        }).toList();

        List<String> rows = Files.readAllLines(LabService.repositoryRoot().resolve("README.md")).stream()
                .filter(line -> line.startsWith(TRACK_ROW) && line.contains("](" + ExerciseIndex.PAGE + "#"))
                .toList();

        assertThat(rows).as("the README's track table").containsExactlyElementsOf(expected);
    }

    @Test
    void theExerciseIndexHasASectionPerTrackWithItsExercisesInOrder() {
        List<String> expected = new ArrayList<>();
        for (Tracks.Track track : ExerciseFiles.tracks().tracks()) {
            expected.add("## " + track.title());
            expected.add("Start with %d: %s.".formatted(track.exercises().getFirst(), track.startHere()));
            track.exercises().forEach(number -> expected.add("row " + number));
        }

        List<String> shown = new ArrayList<>();
        for (String line : ExerciseIndex.lines()) {
            Matcher row = ExerciseIndex.ROW.matcher(line);
            if (row.matches()) {
                shown.add("row " + row.group(1));
            } else if (ExerciseIndex.SECTION.matcher(line).matches() || line.startsWith("Start with ")) {
                shown.add(line);
            }
        }

        assertThat(shown).as("%s's sections, start lines and rows", ExerciseIndex.PAGE)
                .containsExactlyElementsOf(expected);
    }

    /** The anchor a Markdown renderer gives a heading: lower case, spaces to hyphens, other punctuation dropped. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }
}
