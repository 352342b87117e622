package lab.backpressure.labtests.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Writes the comparison as markdown (for people) and CSV (for spreadsheets), replacing the previous run's files. */
final class ResultsReport {

    private ResultsReport() {
    }

    /** The table alone, also what the benchmark prints. */
    static String table(List<ModeResult> results) {
        StringBuilder table = new StringBuilder()
                .append(row(ModeResult.COLUMNS))
                .append(row(ModeResult.COLUMNS.stream().map(column -> "---").toList()));
        results.forEach(result -> table.append(row(result.cells())));
        return table.toString();
    }

    static void write(Path directory, List<String> context, List<ModeResult> results) throws IOException {
        Files.createDirectories(directory);
        String markdown = "# Queue modes compared\n\n"
                + "Written by `ModeComparisonBenchmark`; see docs/benchmarks.md.\n\n"
                + context.stream().map(line -> "- " + line).collect(Collectors.joining("\n"))
                + "\n\n" + table(results);
        Files.writeString(directory.resolve("mode-comparison.md"), markdown);
        StringBuilder csv = new StringBuilder(String.join(",", ModeResult.COLUMNS)).append('\n');
        results.forEach(result -> csv.append(String.join(",", result.cells())).append('\n'));
        Files.writeString(directory.resolve("mode-comparison.csv"), csv);
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
