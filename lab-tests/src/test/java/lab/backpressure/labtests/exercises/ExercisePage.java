package lab.backpressure.labtests.exercises;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of an exercise page an exercise file names as its {@code doc}: the whole page, or with an anchor
 * ({@code docs/exercises/advanced.md#burst-traffic}) the section under that heading, up to the next heading of the
 * same level or above.
 */
final class ExercisePage {

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
    /** A Markdown image with its description: {@code ![what it shows](pictures/01-baseline.png)}. */
    private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]+]\\(([^)\\s]+)\\)");

    private final String doc;
    private final String page;
    private final List<String> lines;
    /** The page's line number of {@code lines}' first. */
    private final int firstLine;

    private ExercisePage(String doc, String page, List<String> lines, int firstLine) {
        this.doc = doc;
        this.page = page;
        this.lines = lines;
        this.firstLine = firstLine;
    }

    static ExercisePage of(Path repositoryRoot, String doc) {
        String[] pageAndAnchor = doc.split("#", 2);
        List<String> page;
        try {
            page = Files.readAllLines(repositoryRoot.resolve(pageAndAnchor[0]));
        } catch (IOException e) {
            throw new UncheckedIOException("the doc " + doc + " cannot be read", e);
        }
        int start = pageAndAnchor.length == 1 ? 0 : sectionStart(page, pageAndAnchor[1], doc);
        return new ExercisePage(doc, pageAndAnchor[0], page.subList(start, sectionEnd(page, start)), start + 1);
    }

    /** The first line after the heading that is not blank: where the page shows its {@code lab run} line. */
    String firstLineAfterTheHeading() {
        return lines.stream().skip(1).filter(line -> !line.isBlank()).findFirst().orElse("");
    }

    /**
     * The POST commands of the ```bash blocks, in order, each with its backslash-continued lines joined and shown
     * as written, with the page's line.
     */
    List<PagePost> posts() {
        List<PagePost> posts = new ArrayList<>();
        boolean inBash = false;
        StringBuilder command = new StringBuilder();
        StringBuilder written = new StringBuilder();
        int commandLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                inBash = !inBash && line.trim().equals("```bash");
                continue;
            }
            if (!inBash) {
                continue;
            }
            if (command.isEmpty()) {
                commandLine = firstLine + i;
            }
            written.append(line).append('\n');
            if (line.endsWith("\\")) {
                command.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String joined = command.append(line).toString().trim();
            String shown = written.toString().stripTrailing() + "\n    (" + page + ":" + commandLine + ")";
            PagePost.ofCurl(ShellWords.of(joined), shown, commandLine).ifPresent(posts::add);
            command.setLength(0);
            written.setLength(0);
        }
        return posts;
    }

    /** The page's line numbers of the section's lines that contain {@code text}, outside fenced code too. */
    List<Integer> linesContaining(String text) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                found.add(firstLine + i);
            }
        }
        return found;
    }

    /** The images the section shows, each resolved against the page's folder, relative to the repository. */
    List<Path> images() {
        Path folder = Path.of(page).getParent();
        return lines.stream().flatMap(line -> IMAGE.matcher(line).results())
                .map(image -> folder.resolve(image.group(1)).normalize())
                .toList();
    }

    String doc() {
        return doc;
    }

    private static int sectionStart(List<String> page, String anchor, String doc) {
        List<Integer> headings = headings(page);
        for (int start : headings) {
            Matcher heading = HEADING.matcher(page.get(start));
            if (heading.matches() && slug(heading.group(2)).equals(anchor)) {
                return start;
            }
        }
        throw new IllegalArgumentException(doc + ": no heading whose anchor is #" + anchor);
    }

    /** Up to the next heading of the same level or above: the whole page for its title. */
    private static int sectionEnd(List<String> page, int start) {
        int level = level(page.get(start)).orElse(1);
        return headings(page).stream()
                .filter(line -> line > start && level(page.get(line)).orElseThrow() <= level)
                .findFirst()
                .orElse(page.size());
    }

    /** The lines that are headings: outside fenced code, where a shell comment also starts with #. */
    private static List<Integer> headings(List<String> page) {
        List<Integer> headings = new ArrayList<>();
        boolean inCode = false;
        for (int i = 0; i < page.size(); i++) {
            if (page.get(i).startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode && level(page.get(i)).isPresent()) {
                headings.add(i);
            }
        }
        return headings;
    }

    private static Optional<Integer> level(String line) {
        Matcher heading = HEADING.matcher(line);
        return heading.matches() ? Optional.of(heading.group(1).length()) : Optional.empty();
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
