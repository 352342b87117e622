package lab.backpressure.labtests.exercises;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.labtests.support.LabService;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exercise files as the README lists them: every file reads as {@code lab} reads it, and every row of the
 * README's exercise table has its file, named after its page, with the row's title and "what you learn" line.
 */
class ExerciseFilesTest {

    /** {@code | 4 | [Solution 1: a bounded queue](docs/exercises/04-bounded-queue.md) | memory flat, ... |}. */
    private static final Pattern ROW = Pattern.compile(
            "^\\| (\\d+|–) \\| \\[(.+)]\\((docs/exercises/[^)]+\\.md)\\) \\| (.+) \\|$");

    @TestFactory
    Stream<DynamicTest> everyExerciseFileReads() {
        return ExerciseFiles.paths().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                () -> assertThat(ExerciseFiles.read(file).phases()).isNotEmpty()));
    }

    @Test
    void everyNumberedReadmeRowHasItsFile() throws IOException {
        List<Matcher> rows = readmeRows().filter(row -> !row.group(1).equals("–")).toList();
        assertThat(rows).as("numbered rows of the README's exercise table").hasSizeGreaterThanOrEqualTo(17);
        for (Matcher row : rows) {
            String page = row.group(3);
            Path file = ExerciseFiles.directory().resolve(Path.of(page).getFileName().toString()
                    .replaceFirst("\\.md$", ".yaml"));
            assertThat(file).as("the file of README row %s", row.group(1)).exists();
            Scenario exercise = ExerciseFiles.read(file);
            assertThat(ExerciseFiles.number(exercise)).as("%s's number", file).isEqualTo(Integer.parseInt(row.group(1)));
            assertThat(exercise.doc()).as("%s's doc", file).contains(page);
            assertThat(exercise.title()).as("%s's title, as the README names it", file).isEqualTo(row.group(2));
            assertThat(exercise.summary()).as("%s's summary, the README's \"what you learn\"", file)
                    .isEqualTo(row.group(4));
        }
    }

    @Test
    void theReadmesAdvancedRowHasAFileForEachOfItsExperiments() throws IOException {
        Optional<Matcher> advanced = readmeRows().filter(row -> row.group(1).equals("–")).findFirst();
        assertThat(advanced).as("the README's row of advanced experiments").isPresent();
        String page = advanced.get().group(3);
        assertThat(ExerciseFiles.all()).as("files whose doc is a section of %s", page)
                .filteredOn(exercise -> exercise.doc().filter(doc -> doc.startsWith(page + "#")).isPresent())
                .hasSizeGreaterThanOrEqualTo(3);
    }

    private static Stream<Matcher> readmeRows() throws IOException {
        return Files.readAllLines(LabService.repositoryRoot().resolve("README.md")).stream()
                .map(ROW::matcher)
                .filter(Matcher::matches);
    }
}
