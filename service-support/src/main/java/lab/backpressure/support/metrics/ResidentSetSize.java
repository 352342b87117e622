package lab.backpressure.support.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process's resident set size, the memory a container's limit counts: heap, metaspace, code, threads
 * and native buffers alike. Read from the line {@code VmRSS:   123456 kB} of /proc/self/status, so it
 * exists on Linux only.
 */
public final class ResidentSetSize {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final String RSS_LINE = "VmRSS:";
    private static final long BYTES_PER_KIB = 1024;

    private ResidentSetSize() {
    }

    /** The resident set size in bytes now; empty where /proc/self/status has none (off Linux). */
    public static OptionalLong bytes() {
        try {
            List<String> lines = Files.readAllLines(PROC_STATUS);
            return lines.stream()
                    .filter(line -> line.startsWith(RSS_LINE))
                    .map(line -> line.substring(RSS_LINE.length()).trim().split("\\s+")[0])
                    .mapToLong(kib -> Long.parseLong(kib) * BYTES_PER_KIB)
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
