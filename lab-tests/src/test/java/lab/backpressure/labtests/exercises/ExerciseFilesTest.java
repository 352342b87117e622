package lab.backpressure.labtests.exercises;

import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import lab.backpressure.lab.scenario.Scenario;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exercise files as docs/exercises/README.md lists them: every file reads as {@code lab} reads it, and every row
 * of the page's exercise tables has its file, with the row's page, title and "what you learn" line.
 */
class ExerciseFilesTest {

    @TestFactory
    Stream<DynamicTest> everyExerciseFileReads() {
        return ExerciseFiles.paths().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                () -> assertThat(ExerciseFiles.read(file).phases()).isNotEmpty()));
    }

    @Test
    void everyRowOfTheExerciseIndexHasItsFile() {
        List<Matcher> rows = ExerciseIndex.rows().toList();
        assertThat(rows).as("rows of %s's exercise tables", ExerciseIndex.PAGE).hasSizeGreaterThanOrEqualTo(20);
        for (Matcher row : rows) {
            int number = Integer.parseInt(row.group(1));
            List<Scenario> numbered = ExerciseFiles.all().stream()
                    .filter(exercise -> ExerciseFiles.number(exercise) == number).toList();
            assertThat(numbered).as("the file of %s's row %d", ExerciseIndex.PAGE, number).hasSize(1);
            Scenario exercise = numbered.getFirst();
            assertThat(exercise.doc()).as("%s's doc", exercise.file()).contains("docs/exercises/" + row.group(3));
            assertThat(exercise.title()).as("%s's title, as the index names it", exercise.file())
                    .isEqualTo(row.group(2));
            assertThat(exercise.summary()).as("%s's summary, the index's \"what you learn\"", exercise.file())
                    .isEqualTo(row.group(4));
        }
    }
}
