package lab.backpressure.labtests.benchmark.mode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import lab.backpressure.labtests.benchmark.ResultsReport;

import static lab.backpressure.labtests.benchmark.ResultsReport.number;

/** What one queue mode did during its window: one row of the comparison. */
record ModeResult(
        String mode,
        double windowSeconds,
        double producedPerSecond,
        double sentPerSecond,
        double processedPerSecond,
        double rejectedPerSecond,
        long dropped,
        long maxQueueSize,
        long finalQueueSize,
        double finalQueueMemoryMib,
        double heapUsedMib,
        double queueWaitP50Seconds,
        double queueWaitP99Seconds,
        double endToEndP50Seconds,
        double endToEndP99Seconds,
        double rateLimitWaitSeconds) {

    static final List<String> COLUMNS = List.of(
            "mode", "window_s", "produced_per_s", "sent_per_s", "processed_per_s", "rejected_per_s", "dropped",
            "max_queue_size", "final_queue_size", "final_queue_memory_mib", "heap_used_mib",
            "queue_wait_p50_s", "queue_wait_p99_s", "e2e_latency_p50_s", "e2e_latency_p99_s", "rate_limit_wait_s");

    List<String> cells() {
        return List.of(mode, number(windowSeconds, 1), number(producedPerSecond, 1), number(sentPerSecond, 1),
                number(processedPerSecond, 1), number(rejectedPerSecond, 1), Long.toString(dropped),
                Long.toString(maxQueueSize), Long.toString(finalQueueSize), number(finalQueueMemoryMib, 2),
                number(heapUsedMib, 1), number(queueWaitP50Seconds, 3), number(queueWaitP99Seconds, 3),
                number(endToEndP50Seconds, 3), number(endToEndP99Seconds, 3), number(rateLimitWaitSeconds, 1));
    }

    /** The comparison's table alone, also what its benchmark prints. */
    static String table(List<ModeResult> results) {
        return ResultsReport.table(COLUMNS, results.stream().map(ModeResult::cells).toList());
    }

    static void write(Path directory, List<String> context, List<ModeResult> results) throws IOException {
        String markdown = "# Queue modes compared\n\n"
                + "Written by `ModeComparisonBenchmark`; see docs/benchmarks.md.\n\n"
                + ResultsReport.contextList(context) + "\n\n" + table(results);
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        results.forEach(result -> csv.append(String.join(",", result.cells())).append('\n'));
        ResultsReport.write(directory, "mode-comparison", markdown, csv.toString());
    }
}
