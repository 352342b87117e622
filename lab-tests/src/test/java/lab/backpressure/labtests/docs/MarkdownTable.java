package lab.backpressure.labtests.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import lab.backpressure.labtests.support.LabService;

/**
 * One table of a documentation page, read as a reader sees it: the rows under a header row, each with its line,
 * so that a test can say where a page disagrees with the code.
 */
record MarkdownTable(String page, List<Row> rows) {

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    /** A pipe with an even number of backticks after it on the line: outside any code span. */
    private static final Pattern PIPE_OUTSIDE_CODE = Pattern.compile("\\|(?=(?:[^`]*`[^`]*`)*[^`]*$)");

    /** @param line 1-based, as an editor shows it */
    record Row(String page, int line, List<String> cells) {

        String cell(int column) {
            return cells.get(column);
        }

        /** The text of every `code span` in a cell, in order. */
        List<String> codeSpans(int column) {
            return codeSpansIn(cell(column));
        }

        /** Where the row is, for a failure message: {@code docs/reference/producer.md:52}. */
        String where() {
            return page + ":" + line;
        }
    }

    /** The text of every `code span` in some markdown, in order. */
    static List<String> codeSpansIn(String markdown) {
        List<String> spans = new ArrayList<>();
        Matcher span = CODE_SPAN.matcher(markdown);
        while (span.find()) {
            spans.add(span.group(1));
        }
        return spans;
    }

    /**
     * The one table of {@code page} (relative to the repository) whose header row is {@code header}, compared
     * without its outer spaces; a page with no such table, or two, fails.
     */
    static MarkdownTable withHeader(String page, String header) {
        List<String> lines = lines(page);
        int headerIndex = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(header)) {
                if (headerIndex >= 0) {
                    throw new IllegalStateException(page + " has two tables headed " + header);
                }
                headerIndex = i;
            }
        }
        if (headerIndex < 0) {
            throw new IllegalStateException(page + " has no table headed " + header);
        }
        List<Row> rows = new ArrayList<>();
        // the header, then the |---| line, then the rows up to the first line that is not one
        for (int i = headerIndex + 2; i < lines.size() && lines.get(i).strip().startsWith("|"); i++) {
            rows.add(new Row(page, i + 1, cells(lines.get(i))));
        }
        return new MarkdownTable(page, rows);
    }

    private static List<String> lines(String page) {
        try {
            return Files.readAllLines(LabService.repositoryRoot().resolve(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row's cells, split at the pipes outside code spans (a query may hold a `|`). */
    private static List<String> cells(String line) {
        String row = line.strip();
        row = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length());
        return Stream.of(PIPE_OUTSIDE_CODE.split(row, -1)).map(String::strip).toList();
    }
}
