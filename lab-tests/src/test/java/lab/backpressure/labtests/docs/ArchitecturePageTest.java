package lab.backpressure.labtests.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import lab.backpressure.labtests.support.LabService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md names real things: every file path in backticks exists from the repository root, and every
 * Java type in backticks ({@code Outer} or {@code Outer.Nested}) has its source file in some module.
 */
class ArchitecturePageTest {

    private static final String PAGE = "docs/architecture.md";
    /** The drawings in fenced blocks are left out: they name packages, not files. */
    private static final Pattern FENCED_BLOCK = Pattern.compile("(?ms)^```.*?^```$");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern FILE = Pattern.compile("[\\w./-]+\\.(?:java|ya?ml|md|json|xml)|[\\w./-]+/");
    private static final Pattern TYPE = Pattern.compile("([A-Z][a-z]\\w*)(?:\\.([A-Z]\\w*))?");

    @Test
    void everyFileAndTypeItNamesExists() throws IOException {
        Path root = LabService.repositoryRoot();
        Set<Path> sources = javaSources(root);
        List<String> files = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Matcher span = CODE_SPAN.matcher(FENCED_BLOCK.matcher(Files.readString(root.resolve(PAGE))).replaceAll(""));
        while (span.find()) {
            String named = span.group(1);
            Matcher type = TYPE.matcher(named);
            if (FILE.matcher(named).matches()) {
                files.add(named);
                if (!Files.exists(root.resolve(named))) {
                    missing.add("file " + named);
                }
            } else if (type.matches()) {
                types.add(named);
                if (!declared(sources, type.group(1), type.group(2))) {
                    missing.add("type " + named);
                }
            }
        }
        assertThat(files).as("the files %s names", PAGE).hasSizeGreaterThanOrEqualTo(5);
        assertThat(types).as("the types %s names", PAGE).hasSizeGreaterThanOrEqualTo(20);
        assertThat(missing).as("what %s names and the repository lacks", PAGE).isEmpty();
    }

    private static Set<Path> javaSources(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> root.relativize(path).toString().contains("/src/"))
                    .filter(path -> !path.toString().contains("/target/"))
                    .collect(Collectors.toSet());
        }
    }

    /** A type's source file is named after it; a nested type is declared in its outer type's file. */
    private static boolean declared(Set<Path> sources, String outer, String nested) throws IOException {
        for (Path source : sources) {
            if (source.getFileName().toString().equals(outer + ".java")) {
                if (nested == null || Pattern.compile("\\b(?:class|interface|record|enum) " + nested + "\\b")
                        .matcher(Files.readString(source)).find()) {
                    return true;
                }
            }
        }
        return false;
    }
}
