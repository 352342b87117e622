package lab.backpressure.labtests.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a benchmark ran on, for its context lines: numbers from a busy machine read differently. */
public final class Machine {

    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    /** /proc/loadavg starts with the 1, 5 and 15 minute averages. */
    private static final int LOAD_AVERAGES = 3;

    private Machine() {
    }

    /** nproc and the CPU model, e.g. {@code nproc 2, AMD EPYC}. */
    public static String description() throws IOException {
        return "nproc " + Runtime.getRuntime().availableProcessors() + ", " + cpuModel();
    }

    /** The 1, 5 and 15 minute load averages: on a 2-core machine anything near 2 means the numbers are contended. */
    public static String loadAverage() throws IOException {
        return Files.isReadable(LOADAVG)
                ? String.join(" ", List.of(Files.readString(LOADAVG).split(" ")).subList(0, LOAD_AVERAGES))
                : String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The JVM the benchmark runs on; the services are started with the same java. */
    public static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")";
    }

    private static String cpuModel() throws IOException {
        return !Files.isReadable(CPUINFO) ? System.getProperty("os.arch") : Files.readAllLines(CPUINFO).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse(System.getProperty("os.arch"));
    }
}
