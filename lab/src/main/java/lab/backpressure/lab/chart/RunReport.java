package lab.backpressure.lab.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import lab.backpressure.lab.measure.Expression;
import lab.backpressure.lab.run.Check;
import lab.backpressure.lab.run.PhaseResult;
import lab.backpressure.lab.run.RunResult;
import lab.backpressure.lab.run.TimeScale;
import tools.jackson.databind.JsonNode;

/**
 * {@code lab run N --report DIR}: a run kept as files to open and compare later. {@code report.md} names the
 * exercise and the lab it ran against, lists every check by phase and the closing verdict, and shows
 * {@code chart.png} (the picture {@code --chart} draws); {@code readings.csv} holds every reading of the fields the
 * chart draws, in the handout's time, for a learner's own plots.
 */
public final class RunReport {

    public static final String REPORT = "report.md";
    static final String CHART = "chart.png";
    static final String READINGS = "readings.csv";

    private RunReport() {
    }

    /**
     * Writes the three files into {@code folder}, made if missing, replacing any there: {@code heading} is the run's
     * first line (which lab, how fast), {@code verdict} its last ("N met, M missed, K skipped").
     */
    public static void write(RunResult result, TimeScale scale, String title, String heading, String verdict,
                             Path folder) throws IOException {
        Files.createDirectories(folder);
        RunChart.write(result, scale, title, folder.resolve(CHART));
        Files.write(folder.resolve(READINGS), readings(result, scale));
        Files.writeString(folder.resolve(REPORT), report(result, title, heading, verdict));
    }

    private static String report(RunResult result, String title, String heading, String verdict) {
        StringBuilder report = new StringBuilder("# ").append(title).append("\n\n").append(heading).append("\n\n");
        for (PhaseResult phase : result.phases()) {
            report.append("## ").append(phase.phase().name()).append("\n\n");
            if (phase.checks().isEmpty()) {
                report.append("No expectations: the lab is put where the next phase needs it.\n\n");
                continue;
            }
            report.append("```\n");
            phase.checks().stream().map(Check::line).forEach(line -> report.append(line).append('\n'));
            report.append("```\n\n");
        }
        return report.append("**").append(verdict).append("**\n\n")
                .append("![").append(title).append(", its readings over time](").append(CHART).append(")\n\n")
                .append("Every reading: [").append(READINGS).append("](").append(READINGS)
                .append("), in the handout's seconds, totals as counted (the chart draws them per second).\n")
                .toString();
    }

    /** A header, then a row per reading: its time (handout's seconds), its phase, each field as {@code /status} had it. */
    private static List<String> readings(RunResult result, TimeScale scale) {
        List<String> names = new ArrayList<>(RunChart.DRAWN);
        RunChart.fieldsRead(result).stream().map(Expression.Field::toString).forEach(names::add);
        List<String> rows = new ArrayList<>();
        rows.add("seconds,phase," + String.join(",", names));
        for (RunChart.Reading reading : RunChart.readings(result, scale)) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%.2f", reading.seconds()))
                    .append(',').append(csv(reading.phase()));
            for (String name : names) {
                List<String> parts = Arrays.asList(name.split("\\."));
                JsonNode value = reading.field(parts.getFirst(), parts.subList(1, parts.size()));
                row.append(',').append(value.isValueNode() && !value.isNull() ? csv(value.asString()) : "");
            }
            rows.add(row.toString());
        }
        return rows;
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
    private static String csv(String text) {
        return text.matches("[^,\"\\r\\n]*") ? text : '"' + text.replace("\"", "\"\"") + '"';
    }
}
