package lab.backpressure.labtests.exercises;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import lab.backpressure.labtests.support.LabService;

/** docs/exercises/README.md: a section per track, each with a table of its exercises in the track's order. */
final class ExerciseIndex {

    static final String PAGE = "docs/exercises/README.md";

    /** {@code | 4 | [Solution 1: a bounded queue](04-bounded-queue.md) | memory flat, ... |}. */
    static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| \\[(.+)]\\(([^)]+\\.md(?:#[a-z0-9-]+)?)\\) \\| (.+) \\|$");
    static final Pattern SECTION = Pattern.compile("^## (.+)$");

    private ExerciseIndex() {
    }

    static List<String> lines() {
        try {
            return Files.readAllLines(LabService.repositoryRoot().resolve(PAGE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Matcher> rows() {
        return lines().stream().map(ROW::matcher).filter(Matcher::matches);
    }
}
