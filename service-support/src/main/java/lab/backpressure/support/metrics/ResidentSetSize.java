package lab.backpressure.support.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process's memory in RAM, read from /proc/self/status, so it exists on Linux only: the resident set size
 * ({@code VmRSS}) and its anonymous part ({@code RssAnon}: heap, metaspace, code, thread stacks, native
 * buffers). The rest of the resident set is file-backed (the mapped jars and class-data archive): shared, and
 * dropped first under pressure, so a container's memory usage ({@code docker stats}) follows the anonymous part.
 */
public final class ResidentSetSize {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final String RSS_LINE = "VmRSS:";
    private static final String ANONYMOUS_LINE = "RssAnon:";
    private static final long BYTES_PER_KIB = 1024;

    private ResidentSetSize() {
    }

    /** The resident set size in bytes now; empty where /proc/self/status has none (off Linux). */
    public static OptionalLong bytes() {
        return line(RSS_LINE);
    }

    /** The anonymous part of the resident set in bytes now; empty off Linux. */
    public static OptionalLong anonymousBytes() {
        return line(ANONYMOUS_LINE);
    }

    /** The value of a line like {@code VmRSS:   123456 kB}, in bytes. */
    private static OptionalLong line(String prefix) {
        try {
            List<String> lines = Files.readAllLines(PROC_STATUS);
            return lines.stream()
                    .filter(line -> line.startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).trim().split("\\s+")[0])
                    .mapToLong(kib -> Long.parseLong(kib) * BYTES_PER_KIB)
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
