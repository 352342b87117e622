package lab.backpressure.labtests.benchmark;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One part of a benchmark's results: a markdown table for people, and the same cells as long CSV rows
 * ({@code part,case,measure,value}) so the parts, whose columns differ, share one CSV file. The first
 * {@code keyColumns} cells of a row name its case; every other cell is one measure of it.
 */
public record ResultTable(String part, String title, List<String> columns, int keyColumns, List<List<String>> rows) {

    public static final String CSV_HEADER = "part,case,measure,value";
    private static final String KEY_SEPARATOR = " / ";

    public String markdown() {
        return "## " + title + "\n\n" + ResultsReport.table(columns, rows);
    }

    public String csv() {
        return rows.stream().flatMap(cells -> {
            String key = String.join(KEY_SEPARATOR, cells.subList(0, keyColumns));
            return IntStream.range(keyColumns, columns.size())
                    .mapToObj(i -> String.join(",", csvCell(part), csvCell(key), csvCell(columns.get(i)), csvCell(cells.get(i))));
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    /** RFC 4180: a cell with a comma or a quote is quoted, its quotes doubled. */
    private static String csvCell(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
