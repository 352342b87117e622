package lab.backpressure.producer.status;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.springframework.stereotype.Component;

/** The process's memory and age, for the {@code process} part of {@code /status}. */
@Component
class ProcessStats {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final String RSS_LINE = "VmRSS:";
    private static final long BYTES_PER_KIB = 1024;
    private static final double MILLIS_PER_SECOND = 1000.0;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();

    ProducerStatus.ProcessMemory read() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        OptionalLong rss = residentSetBytes();
        return new ProducerStatus.ProcessMemory(
                Mebibytes.of(heap.getUsed()),
                Mebibytes.of(heap.getCommitted()),
                heap.getMax() < 0 ? null : Mebibytes.of(heap.getMax()),
                rss.isPresent() ? Mebibytes.of(rss.getAsLong()) : null,
                runtime.getUptime() / MILLIS_PER_SECOND);
    }

    /** From the line {@code VmRSS:   123456 kB} of /proc/self/status; empty off Linux. */
    private static OptionalLong residentSetBytes() {
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
