package lab.backpressure.labtests.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes a benchmark's results as markdown (for people) and CSV (for spreadsheets), replacing the previous run's files. */
public final class ResultsReport {

    private ResultsReport() {
    }

    /** A markdown table: a header row, the separator, one row per entry of {@code rows}. */
    public static String table(List<String> columns, List<List<String>> rows) {
        StringBuilder table = new StringBuilder()
                .append(row(columns))
                .append(row(columns.stream().map(column -> "---").toList()));
        rows.forEach(cells -> table.append(row(cells)));
        return table.toString();
    }

    /** The context lines (date, machine, load, settings) as a markdown list. */
    public static String contextList(List<String> context) {
        return context.stream().map(line -> "- " + line).collect(Collectors.joining("\n"));
    }

    /** {@code name}.md and {@code name}.csv in {@code directory}, created if need be. */
    public static void write(Path directory, String name, String markdown, String csv) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(name + ".md"), markdown);
        Files.writeString(directory.resolve(name + ".csv"), csv);
    }

    /** Locale.ROOT so the CSV reads the same on every machine (a decimal point, never a comma). */
    public static String number(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
