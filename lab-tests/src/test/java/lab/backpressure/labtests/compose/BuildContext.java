package lab.backpressure.labtests.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files `docker build` sends from a context directory: all of them except what its .dockerignore
 * excludes. Testcontainers sends whatever files it is given, so the tests select them the way Docker
 * does; a file the build needs but .dockerignore leaves out then fails the test as it fails Compose.
 */
final class BuildContext {

    private static final String IGNORE_FILE = ".dockerignore";

    /** One .dockerignore line: a pattern, and whether a match excludes (plain) or re-includes (!). */
    private record Rule(Pattern pattern, boolean excludes) {
    }

    private BuildContext() {
    }

    /** Context-relative path (with /) -> file, for every file Docker would send. */
    static Map<String, Path> files(Path contextDirectory) {
        List<Rule> rules = rules(contextDirectory.resolve(IGNORE_FILE));
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(contextDirectory)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                String relative = contextDirectory.relativize(file).toString().replace('\\', '/');
                if (!excluded(relative, rules)) {
                    files.put(relative, file);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The last rule matching the path or one of its parent directories decides, as in Docker. */
    private static boolean excluded(String path, List<Rule> rules) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesItselfOrAParent(rule.pattern(), path)) {
                excluded = rule.excludes();
            }
        }
        return excluded;
    }

    private static boolean matchesItselfOrAParent(Pattern pattern, String path) {
        String candidate = path;
        while (true) {
            if (pattern.matcher(candidate).matches()) {
                return true;
            }
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            candidate = candidate.substring(0, slash);
        }
    }

    private static List<Rule> rules(Path ignoreFile) {
        if (!Files.exists(ignoreFile)) {
            return List.of();
        }
        List<Rule> rules = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(ignoreFile)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                boolean excludes = !trimmed.startsWith("!");
                String pattern = (excludes ? trimmed : trimmed.substring(1)).strip();
                rules.add(new Rule(glob(clean(pattern)), excludes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rules;
    }

    /** Docker cleans each pattern like a path: no leading ./ or /, no trailing /. */
    private static String clean(String pattern) {
        String cleaned = pattern.replaceAll("/+", "/");
        while (cleaned.startsWith("./") || cleaned.startsWith("/")) {
            cleaned = cleaned.substring(cleaned.indexOf('/') + 1);
        }
        return cleaned.endsWith("/") ? cleaned.substring(0, cleaned.length() - 1) : cleaned;
    }

    /** ** spans directories, * and ? stay within one path element. */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("**/", i)) {
                regex.append("(.*/)?");
                i += 2;
            } else if (pattern.startsWith("**", i)) {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
