package lab.backpressure.labtests.exercises;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.labtests.support.LabService;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One source of truth for each exercise: the curl commands its page tells a learner to type are the steps its file
 * makes ({@code lab run} and the walkthrough test run the file), the same requests in the same order, and the page
 * opens with the {@code lab check} and {@code lab run} commands for it, and shows the picture of a run of it. The file's
 * {@code given} is where the exercise starts, not one of its commands, and stays out of the comparison.
 */
class ExercisePagesTest {

    /** The first eight bytes of every PNG file. */
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

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

    /** Before the steps: do them and have the lab checked, or let {@code lab run} reset the lab and do them. */
    @TestFactory
    Stream<DynamicTest> everyPageOpensWithLabCheckForTheStepsAndLabRunToWatchThem() {
        return documented().map(exercise -> DynamicTest.dynamicTest(exercise.name(), () -> {
            int number = ExerciseFiles.number(exercise);
            ExercisePage page = ExercisePage.of(LabService.repositoryRoot(), exercise.doc().orElseThrow());
            assertThat(page.firstLineAfterTheHeading()).as("the line after the heading of %s", page.doc())
                    .isEqualTo("Do the steps below, then `lab check %1$d` checks your lab; or `lab run %1$d` resets the"
                            + " lab and does them for you (with Docker: `docker compose run --rm lab check %1$d`,"
                            + " `docker compose run --rm lab run %1$d`).", number);
        }));
    }

    /**
     * The page's {@code lab check N} line stands right after the steps of the phase its file marks
     * {@code check: true}, where the lesson shows: after that phase's last request and before the next one (the
     * next phase's, or the put-back's). A learner who runs it there checks the lesson, not the put-back.
     */
    @TestFactory
    Stream<DynamicTest> everyPageShowsItsLabCheckLineAfterTheStepsOfTheCheckedPhase() {
        return documented().map(exercise -> DynamicTest.dynamicTest(exercise.name(), () -> {
            int number = ExerciseFiles.number(exercise);
            ExercisePage page = ExercisePage.of(LabService.repositoryRoot(), exercise.doc().orElseThrow());
            List<Integer> checkLines = page.linesContaining(
                    "`lab check %d` (or `docker compose run --rm lab check %d`)".formatted(number, number));
            assertThat(checkLines).as("%s's lab check %d lines", page.doc(), number).hasSize(1);
            int checkLine = checkLines.getFirst();
            int checked = exercise.checkedPhase().orElseThrow();
            int stepsUpToTheCheck = exercise.phases().subList(0, checked + 1).stream()
                    .mapToInt(phase -> phase.steps().size()).sum();
            List<PagePost> posts = page.posts();
            if (stepsUpToTheCheck > 0) {
                assertThat(posts.get(stepsUpToTheCheck - 1).line())
                        .as("the last request of phase \"%s\" comes before %s:%d",
                                exercise.phases().get(checked).name(), page.doc(), checkLine)
                        .isLessThan(checkLine);
            }
            if (posts.size() > stepsUpToTheCheck) {
                assertThat(posts.get(stepsUpToTheCheck).line())
                        .as("the first request after phase \"%s\" (%s) comes after %s:%d",
                                exercise.phases().get(checked).name(), posts.get(stepsUpToTheCheck).written(),
                                page.doc(), checkLine)
                        .isGreaterThan(checkLine);
            }
        }));
    }

    /**
     * The picture of a real run of the file ({@code lab run N --chart}, drawn by
     * {@code docs/exercises/pictures/draw.sh}, the Kafka lane's given a broker): the page shows
     * {@code pictures/NN-name.png} as an image, and that file is a PNG that decodes.
     */
    @TestFactory
    Stream<DynamicTest> everyPageShowsThePictureOfARunOfItsFile() {
        return documented().map(exercise -> DynamicTest.dynamicTest(exercise.name(), () -> {
            ExercisePage page = ExercisePage.of(LabService.repositoryRoot(), exercise.doc().orElseThrow());
            Path picture = Path.of("docs", "exercises", "pictures", exercise.name() + ".png");
            assertThat(page.images()).as("the images %s shows", page.doc()).contains(picture);
            Path file = LabService.repositoryRoot().resolve(picture);
            assertThat(file).as("%s's picture", page.doc()).isRegularFile();
            assertThat(Files.readAllBytes(file)).as(file.toString()).startsWith(PNG_SIGNATURE);
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image.getWidth()).as("%s's width", file).isPositive();
        }));
    }

    /** A filter that let nothing through would make the factories above pass with no test at all. */
    @Test
    void everyExerciseIsDocumented() {
        assertThat(documented()).as("exercises with a page").hasSizeGreaterThanOrEqualTo(20);
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
