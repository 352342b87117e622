package lab.backpressure.labtests.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.backpressure.labtests.support.LabService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numbers docs/benchmarks.md quotes from the committed results, held to those files: each table row to its
 * results row, rounded as written, and each run time to the one the file records.
 */
class QuotedResultsTest {

    private static final String BENCHMARKS = "docs/benchmarks.md";
    private static final Pattern NAMED_RESULTS = Pattern.compile("benchmarks/results/([\\w-]+\\.md)");

    private final List<String> problems = new ArrayList<>();

    @Test
    void theModeComparisonTableIsItsCsv() {
        Map<String, Map<String, String>> byMode = new LinkedHashMap<>();
        ResultsFile.rows("mode-comparison.csv").forEach(row -> byMode.put(row.get("mode"), row));
        MarkdownTable table = MarkdownTable.withHeader(BENCHMARKS, "| mode | produced/s | sent/s | rejected/s | max queue"
                + " | queue MiB | queue wait p50 / p99 s | e2e p50 / p99 s | rate-limit wait s |");
        assertThat(table.rows()).extracting(row -> row.cell(0)).containsExactlyElementsOf(byMode.keySet());
        for (MarkdownTable.Row row : table.rows()) {
            Map<String, String> results = byMode.get(row.cell(0));
            String[] columns = {"produced_per_s", "sent_per_s", "rejected_per_s", "max_queue_size",
                    "final_queue_memory_mib", "queue_wait_p50_s+queue_wait_p99_s",
                    "e2e_latency_p50_s+e2e_latency_p99_s", "rate_limit_wait_s"};
            for (int i = 0; i < columns.length; i++) {
                quotes(row, "mode-comparison.csv", row.cell(i + 1), columns[i], results);
            }
        }
        assertNoProblems();
    }

    @Test
    void theBatchingTableIsItsCsv() {
        List<Map<String, String>> results = ResultsFile.rows("batching.csv");
        MarkdownTable table = MarkdownTable.withHeader(BENCHMARKS, "| phase | batching | batch_size | linger_ms"
                + " | window_s | offered_per_s | min_queue | goodput_per_s | arithmetic_capacity_per_s"
                + " | goodput_of_arithmetic | consumer_capacity_per_s | goodput_of_best_fixed | mean_batch | e2e_p50_ms |");
        assertCellForCell(table, results, "batching.csv");
    }

    @Test
    void theOverloadTableIsItsCsv() {
        List<Map<String, String>> results = ResultsFile.rows("overload.csv");
        MarkdownTable table = MarkdownTable.withHeader(BENCHMARKS, "| " + String.join(" | ", results.getFirst().keySet())
                + " |");
        assertCellForCell(table, results, "overload.csv");
    }

    /** The table is the CSV: one row per row, each cell as written there. */
    private static void assertCellForCell(MarkdownTable table, List<Map<String, String>> results, String csv) {
        assertThat(table.rows()).as("one row per row of " + csv).hasSameSizeAs(results);
        for (int i = 0; i < results.size(); i++) {
            MarkdownTable.Row row = table.rows().get(i);
            assertThat(row.cells()).as("%s against %s", row.where(), csv)
                    .containsExactlyElementsOf(results.get(i).values());
        }
    }

    @Test
    void thePipelineCeilingTableIsItsCsv() {
        Map<String, Map<String, String>> cases = ResultsFile.measures("pipeline-ceiling.csv", "ceiling");
        MarkdownTable table = MarkdownTable.withHeader(BENCHMARKS,
                "| consumer | delivery | nominal/s | consumer's own ceiling/s | goodput/s | goodput ÷ ceiling |");
        List<String> documented = new ArrayList<>();
        for (MarkdownTable.Row row : table.rows()) {
            String name = row.cell(0).replace(" × 1 ms", "") + " / " + row.cell(1);
            documented.add(name);
            Map<String, String> results = cases.getOrDefault(name, Map.of());
            String[] measures = {"nominal/s", "consumer's own ceiling/s", "goodput/s", "goodput ÷ ceiling"};
            for (int i = 0; i < measures.length; i++) {
                quotes(row, "pipeline-ceiling.csv", row.cell(i + 2), measures[i], results);
            }
        }
        assertThat(documented).containsExactlyElementsOf(cases.keySet());
        assertNoProblems();
    }

    @Test
    void theStartupTableIsItsCsv() {
        Map<String, Map<String, String>> cases = ResultsFile.measures("startup.csv", "startup");
        MarkdownTable table = MarkdownTable.withHeader(BENCHMARKS, "| service | agent | packaged jar | extracted jar"
                + " | + AppCDS | + AOT cache | AOT ÷ packaged, wall | AOT ÷ packaged, CPU | RSS, packaged → AOT |");
        assertThat(table.rows()).hasSize(4);
        String[] forms = {"packaged jar", "extracted jar", "extracted + AppCDS", "extracted + AOT cache"};
        for (MarkdownTable.Row row : table.rows()) {
            String variant = row.cell(0) + " / " + row.cell(1) + " / ";
            for (int i = 0; i < forms.length; i++) {
                String seconds = plain(row.cell(i + 2)).replace(" s", "");
                Map<String, String> results = cases.getOrDefault(variant + forms[i], Map.of());
                quotes(row, "startup.csv", seconds, "ready ms", inSeconds(results, "ready ms"));
            }
            Map<String, String> aot = cases.getOrDefault(variant + "extracted + AOT cache", Map.of());
            quotes(row, "startup.csv", plain(row.cell(6)), "ready ÷ packaged jar", aot);
            quotes(row, "startup.csv", plain(row.cell(7)), "CPU ÷ packaged jar", aot);
            String[] rss = plain(row.cell(8)).replace(" MiB", "").split(" → ");
            quotes(row, "startup.csv", rss[0], "RSS MiB", cases.getOrDefault(variant + "packaged jar", Map.of()));
            quotes(row, "startup.csv", rss[1], "RSS MiB", aot);
        }
        assertNoProblems();
    }

    /** A section that names a results file recording its run time quotes that time. */
    @Test
    void everyRunTimeIsTheOneItsResultsFileRecords() {
        for (String section : sections()) {
            Matcher named = NAMED_RESULTS.matcher(section);
            while (named.find()) {
                Optional<Long> seconds = ResultsFile.runSeconds(named.group(1));
                if (seconds.isPresent() && !quotesSeconds(section, seconds.get())) {
                    problems.add(BENCHMARKS + ", " + section.lines().findFirst().orElseThrow() + ": names "
                            + ResultsFile.path(named.group(1)) + ", which records a run of " + seconds.get()
                            + " s, but does not quote it");
                }
            }
        }
        assertNoProblems();
    }

    private static boolean quotesSeconds(String section, long seconds) {
        return Pattern.compile("\\b(" + seconds + "|" + String.format("%,d", seconds) + ") s\\b").matcher(section).find();
    }

    private static List<String> sections() {
        try {
            String page = Files.readString(LabService.repositoryRoot().resolve(BENCHMARKS));
            return List.of(page.split("(?m)^(?=## )"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A quoted figure (or {@code a / b} for two columns {@code x+y}) is its results value rounded to the places
     * it shows: 13.6 quotes 13.567, 1,584 quotes 1584.0.
     */
    private void quotes(MarkdownTable.Row row, String file, String quoted, String columns, Map<String, String> results) {
        String[] figures = quoted.split(" / ");
        String[] names = columns.split("\\+");
        for (int i = 0; i < names.length; i++) {
            String exact = results.get(names[i]);
            if (exact == null || i >= figures.length || !roundsTo(plain(figures[i]), Double.parseDouble(exact))) {
                problems.add(row.where() + ": " + quoted + " quotes " + names[i] + " of " + ResultsFile.path(file)
                        + ", which says " + exact);
            }
        }
    }

    private static boolean roundsTo(String quoted, double exact) {
        BigDecimal figure = new BigDecimal(quoted.replace(",", ""));
        double halfPlace = 0.5 * Math.pow(10, -Math.max(figure.scale(), 0));
        return Math.abs(figure.doubleValue() - exact) <= halfPlace + 1e-9;
    }

    /** The results with one measure in milliseconds turned into seconds, as the table shows it. */
    private static Map<String, String> inSeconds(Map<String, String> results, String measure) {
        Map<String, String> inSeconds = new LinkedHashMap<>(results);
        if (results.containsKey(measure)) {
            inSeconds.put(measure, new BigDecimal(results.get(measure)).movePointLeft(3).toPlainString());
        }
        return inSeconds;
    }

    /** A cell's figure without its markdown emphasis. */
    private static String plain(String cell) {
        return cell.replace("*", "").strip();
    }

    private void assertNoProblems() {
        assertThat(problems).as("figures that docs/benchmarks.md quotes and its results files disagree on").isEmpty();
    }
}
