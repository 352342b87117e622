package lab.backpressure.labtests.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.backpressure.labtests.support.LabService;

/** A benchmark's committed results under {@code benchmarks/results/}, as the docs quote them. */
final class ResultsFile {

    private static final Pattern RUN_TIME = Pattern.compile("(?:run time (\\d+) s|(\\d+) s in all)");

    private ResultsFile() {
    }

    static String path(String name) {
        return "benchmarks/results/" + name;
    }

    static String text(String name) {
        try {
            return Files.readString(LabService.repositoryRoot().resolve(path(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSV with a header and one row per case: each row as column to cell. */
    static List<Map<String, String>> rows(String csv) {
        List<String> lines = text(csv).lines().toList();
        String[] header = lines.getFirst().split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** A CSV of {@code part,case,measure,value} rows: case to measure to value, of one part. */
    static Map<String, Map<String, String>> measures(String csv, String part) {
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        for (String line : text(csv).lines().skip(1).toList()) {
            String[] cells = line.split(",", 4);
            if (cells[0].equals(part)) {
                cases.computeIfAbsent(cells[1], name -> new LinkedHashMap<>()).put(cells[2], cells[3]);
            }
        }
        return cases;
    }

    /** The wall time the results file records for its run, in seconds, if it records one. */
    static Optional<Long> runSeconds(String markdown) {
        Matcher runTime = RUN_TIME.matcher(text(markdown));
        if (!runTime.find()) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(runTime.group(1) != null ? runTime.group(1) : runTime.group(2)));
    }
}
