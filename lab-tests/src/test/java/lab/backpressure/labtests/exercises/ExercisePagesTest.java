package lab.backpressure.labtests.exercises;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.labtests.support.LabService;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One source of truth for each exercise: the curl commands its page tells a learner to type are the steps its file
 * makes ({@code lab run} and the walkthrough test run the file), the same requests in the same order, and the page
 * shows the {@code lab run} command that checks it. The file's {@code given} is where the exercise starts, not one
 * of its commands, and stays out of the comparison.
 */
class ExercisePagesTest {

    @TestFactory
    Stream<DynamicTest> everyPageSendsTheRequestsOfItsFile() {
        return documented().map(exercise -> DynamicTest.dynamicTest(exercise.name(), () -> {
            ExercisePage page = ExercisePage.of(LabService.repositoryRoot(), exercise.doc().orElseThrow());
            List<PagePost> onThePage = page.posts();
            List<PagePost> inTheFile = exercise.steps().stream()
                    .map(step -> PagePost.ofStep(step, exercise.file().toString()))
                    .toList();
            assertThat(differences(onThePage, inTheFile))
                    .as("%s against %s", page.doc(), exercise.file())
                    .isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyPageShowsTheLabRunCommandThatChecksIt() {
        return documented().map(exercise -> DynamicTest.dynamicTest(exercise.name(), () -> {
            int number = ExerciseFiles.number(exercise);
            ExercisePage page = ExercisePage.of(LabService.repositoryRoot(), exercise.doc().orElseThrow());
            assertThat(page.firstLineAfterTheHeading()).as("the line after the heading of %s", page.doc())
                    .isEqualTo("Check it: `lab run %d` (or `docker compose run --rm lab run %d`)", number, number);
        }));
    }

    private static Stream<Scenario> documented() {
        return ExerciseFiles.all().stream().filter(exercise -> exercise.doc().isPresent());
    }

    /** Each request that is not the same on both sides, with both commands; then what one side has more. */
    private static List<String> differences(List<PagePost> onThePage, List<PagePost> inTheFile) {
        List<String> differences = new ArrayList<>();
        int common = Math.min(onThePage.size(), inTheFile.size());
        for (int i = 0; i < common; i++) {
            if (!onThePage.get(i).sameRequestAs(inTheFile.get(i))) {
                differences.add("request %d differs:%n  the page: %s%n  the file: %s".formatted(i + 1,
                        onThePage.get(i).written(), inTheFile.get(i).written()));
            }
        }
        onThePage.subList(common, onThePage.size()).forEach(post ->
                differences.add("only on the page: " + post.written()));
        inTheFile.subList(common, inTheFile.size()).forEach(post ->
                differences.add("only in the file: " + post.written()));
        return differences;
    }
}
