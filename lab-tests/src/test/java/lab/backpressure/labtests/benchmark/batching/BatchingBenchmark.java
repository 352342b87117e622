package lab.backpressure.labtests.benchmark.batching;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import lab.backpressure.labtests.benchmark.BucketQuantile;
import lab.backpressure.labtests.support.Lab;
import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.Observation;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.PrometheusScrape;
import lab.backpressure.labtests.support.ServiceProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * Measures issue 10's batching targets against Exercise 15's consumer (50 ms per request, 5 ms per item, one
 * request at a time), whose capacity for batches of n is n × 1000 ÷ (50 + 5n): 18.2/s at 1, 133.3/s at 20.
 * <ul>
 * <li>Under a standing backlog (200 items/s offered into a {@code drop_oldest} queue of 100, more than any batch
 * here can take, with memory flat), goodput (the consumer's processed/s) at each fixed {@code batch_size} against
 * that arithmetic, which it must come within 10 % of; and {@code adaptive} batching with 20 as its ceiling
 * against the best fixed batch, which it must reach 0.9 of.</li>
 * <li>At a low load (5 items/s), the end-to-end p50 of {@code adaptive} with a linger against batch 1's: batching
 * must add at most one linger when the queue is nearly empty.</li>
 * </ul>
 * Like {@link ModeComparisonBenchmark} it measures rather than checks, so it is tagged {@code benchmark}; a target
 * it misses is a MISS in the report, not a failure. What it refuses to report is an invalid run: broken
 * accounting identities, a service that died, a backlog that did not stand, or a batch-1 goodput so far from
 * 18.2/s that the machine, not the lab, set the numbers. Windows are system properties:
 * {@code -Dlab.benchmark.batching.window-seconds=20 -Dlab.benchmark.batching.latency-window-seconds=30
 * -Dlab.benchmark.batching.warmup-seconds=10}.
 */
@Tag("benchmark")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class BatchingBenchmark {

    private static final int REQUEST_OVERHEAD_MS = 50;
    private static final int PROCESSING_TIME_MS = 5;
    private static final int PAYLOAD_BYTES = 1024;
    /** More than the largest batch's capacity (133/s at 20), so a backlog stands at every batch size. */
    private static final int OVERLOAD_RATE = 200;
    /** Five batches of the largest size: a take never empties it, and drop_oldest keeps memory flat. */
    private static final int MAX_QUEUE_SIZE = 100;
    private static final List<Integer> FIXED_BATCH_SIZES = List.of(1, 2, 5, 10, 20);
    /** The largest fixed batch: adaptive can at best match it, so the comparison is like for like. */
    private static final int ADAPTIVE_CEILING = 20;
    /**
     * About a quarter of batch 1's capacity: items arrive evenly 200 ms apart and a request takes 55 ms, so the
     * queue is empty whenever an item arrives.
     */
    private static final int LOW_LOAD_RATE = 5;
    /** Shorter than the 200 ms between items at the low load, so a take that lingered would wait all of it. */
    private static final int LINGER_MS = 100;

    /** Issue 10: the lab delivers within 10 % of the arithmetic. */
    private static final double ARITHMETIC_TOLERANCE = 0.10;
    /** Issue 10: adaptive reaches 0.9 of the best fixed batch's goodput. */
    private static final double ADAPTIVE_SHARE_OF_BEST = 0.9;
    /** Batch 1 further than this from its 18.2/s: the consumer's sleeps overran, the machine is too loaded. */
    private static final double CALIBRATION_TOLERANCE = 0.25;
    /** The consumer reports its capacity rounded to two decimals. */
    private static final double REPORTED_CAPACITY_PRECISION = 0.01;
    private static final double MILLIS_PER_SECOND = 1000.0;
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double MEDIAN = 0.5;

    private static final Duration WINDOW = Duration.ofSeconds(
            Long.getLong("lab.benchmark.batching.window-seconds", 20));
    /** Longer than the throughput windows: at 5 items/s a p50 needs the items of half a minute. */
    private static final Duration LATENCY_WINDOW = Duration.ofSeconds(
            Long.getLong("lab.benchmark.batching.latency-window-seconds", 30));
    /** JIT-compiles both services and builds the backlog before the first window. */
    private static final Duration WARM_UP = Duration.ofSeconds(
            Long.getLong("lab.benchmark.batching.warmup-seconds", 10));
    /** Often enough to see the backlog stand, rarely enough not to load a 2-core machine. */
    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(500);
    /** After the consumer has seen the new batch size: the request of the old size still at its door finishes. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    /** Adaptive grows by one per request: from 1 to 20 in 19 requests of at most 150 ms, with room to spare. */
    private static final Duration ADAPTIVE_RAMP = Duration.ofSeconds(5);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);
    /** Start and warm-up, each fixed batch size, adaptive, and the two low-load windows. */
    private static final int PARTS = 1 + FIXED_BATCH_SIZES.size() + 1 + 2;

    private static final List<String> COLUMNS = List.of(
            "phase", "batching", "batch_size", "linger_ms", "window_s", "offered_per_s", "min_queue",
            "goodput_per_s", "arithmetic_capacity_per_s", "goodput_of_arithmetic", "consumer_capacity_per_s",
            "goodput_of_best_fixed", "mean_batch", "e2e_p50_ms");

    private final long started = System.nanoTime();
    private int part;
    private ServiceProcess consumer;
    private ServiceProcess producer;

    @Test
    void measureBatching() throws Exception {
        List<String> context = new ArrayList<>(List.of(
                "date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                "machine: nproc " + Runtime.getRuntime().availableProcessors() + ", " + cpuModel()
                        + ", load average at start " + loadAverage()));
        progress("starting both services, then " + WARM_UP.toSeconds() + " s warm-up at batch 1 under the backlog");
        try (Lab lab = Lab.start(ServiceProcess.of(LabService.CONSUMER)
                        .property("lab.consumer.processing-time-ms", PROCESSING_TIME_MS)
                        .property("lab.consumer.request-overhead-ms", REQUEST_OVERHEAD_MS),
                ServiceProcess.of(LabService.PRODUCER)
                        .property("lab.producer.production-rate", OVERLOAD_RATE)
                        .property("lab.producer.payload-bytes", PAYLOAD_BYTES)
                        .property("lab.producer.queue-mode", "drop_oldest")
                        .property("lab.producer.modes.bounded.max-queue-size", MAX_QUEUE_SIZE))) {
            consumer = lab.consumer();
            producer = lab.producer();
            Thread.sleep(WARM_UP);

            List<Result> fixed = new ArrayList<>();
            for (int batchSize : FIXED_BATCH_SIZES) {
                progress("fixed batch_size " + batchSize + " under the backlog");
                fixed.add(fixedUnderBacklog(batchSize));
                if (batchSize == 1) {
                    calibrate(fixed.getLast());
                }
            }
            progress("adaptive, ceiling " + ADAPTIVE_CEILING + ", under the backlog");
            Result adaptive = adaptiveUnderBacklog();
            progress("batch 1 at the low load of " + LOW_LOAD_RATE + "/s");
            Result singleAtLowLoad = atLowLoad("fixed", 1, 0);
            progress("adaptive with a " + LINGER_MS + " ms linger at the low load");
            Result adaptiveAtLowLoad = atLowLoad("adaptive", ADAPTIVE_CEILING, LINGER_MS);

            context.add("load average at end " + loadAverage());
            context.add("settings: consumer request_overhead_ms " + REQUEST_OVERHEAD_MS + ", processing_time_ms "
                    + PROCESSING_TIME_MS + ", concurrency 1; producer payload_bytes " + PAYLOAD_BYTES
                    + ", default delivery concurrency; backlog: production_rate " + OVERLOAD_RATE
                    + "/s into drop_oldest, max_queue_size " + MAX_QUEUE_SIZE + "; low load: production_rate "
                    + LOW_LOAD_RATE + "/s, queue cleared first; window " + WINDOW.toSeconds() + " s per batch size ("
                    + LATENCY_WINDOW.toSeconds() + " s at the low load) after " + WARM_UP.toSeconds()
                    + " s warm-up; adaptive measured after a " + ADAPTIVE_RAMP.toSeconds() + " s ramp");
            context.add("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                    + " (" + System.getProperty("java.vm.vendor") + "), the same java for both services");

            double bestFixed = fixed.stream().mapToDouble(Result::goodputPerSecond).max().orElseThrow();
            List<Result> results = new ArrayList<>(fixed);
            results.addAll(List.of(adaptive, singleAtLowLoad, adaptiveAtLowLoad));
            List<List<String>> rows = results.stream().map(result -> result.cells(bestFixed)).toList();
            List<String> verdicts = verdicts(fixed, adaptive, singleAtLowLoad, adaptiveAtLowLoad);
            String table = table(rows);
            System.out.println(table + "\n" + String.join("\n", verdicts));
            write(LabService.repositoryRoot().resolve("benchmarks/results"), context, table, rows, verdicts);
        }
    }

    private Result fixedUnderBacklog(int batchSize) throws InterruptedException {
        configureBatching("fixed", batchSize, 0);
        await("the consumer sees batches of " + batchSize).atMost(CHANGE_TIMEOUT).pollInterval(SAMPLE_INTERVAL)
                .until(() -> consumerStatus().required("last_batch_size").intValue() == batchSize);
        Thread.sleep(SETTLE);
        return measureUnderBacklog("fixed", batchSize);
    }

    /** Measured after a fixed ramp, not once it has grown: a target it never reaches must show as a MISS. */
    private Result adaptiveUnderBacklog() throws InterruptedException {
        configureBatching("adaptive", ADAPTIVE_CEILING, 0);
        Thread.sleep(ADAPTIVE_RAMP);
        return measureUnderBacklog("adaptive", ADAPTIVE_CEILING);
    }

    private Result measureUnderBacklog(String batching, int batchSize) {
        Result result = measure("backlog", batching, batchSize, 0, capacity(batchSize), WINDOW);
        requireStandingBacklog(result, batchSize);
        return result;
    }

    /**
     * The backlog's items are cleared, and those already on their way awaited, so the window's latencies are
     * the low load's alone and not the queue's.
     */
    private Result atLowLoad(String batching, int batchSize, int lingerMs) throws InterruptedException {
        configureProducer("{\"production_rate\":" + LOW_LOAD_RATE + "}");
        configureBatching(batching, batchSize, lingerMs);
        LabHttp.postJson(producer.baseUrl() + "/admin/clear-queue", null);
        ProducerStatus atClear = ProducerStatus.of(producer);
        long settledAfter = settled(atClear) + atClear.inFlight();
        await("the backlog's items in flight are delivered").atMost(CHANGE_TIMEOUT).pollInterval(SAMPLE_INTERVAL)
                .until(() -> settled(ProducerStatus.of(producer)) >= settledAfter);
        Thread.sleep(SETTLE);
        return measure("low load", batching, batchSize, lingerMs, Double.NaN, LATENCY_WINDOW);
    }

    private Result measure(String phase, String batching, int batchSize, int lingerMs, double arithmeticCapacity,
            Duration window) {
        PrometheusScrape producerBefore = PrometheusScrape.of(producer);
        PrometheusScrape consumerBefore = PrometheusScrape.of(consumer);
        long processedBefore = consumerStatus().required("processed").longValue();
        long start = System.nanoTime();
        Observation watched = Observation.watch(producer, window, SAMPLE_INTERVAL);
        JsonNode consumerAfter = consumerStatus();
        double seconds = (System.nanoTime() - start) / NANOS_PER_SECOND;
        PrometheusScrape producerAfter = PrometheusScrape.of(producer);
        PrometheusScrape consumerAfterScrape = PrometheusScrape.of(consumer);

        // numbers from a producer that loses items uncounted would mean nothing
        watched.statuses().forEach(ProducerStatus::assertIdentities);
        requireAlive();
        double requests = producerAfter.sum("producer_batch_size_count") - producerBefore.sum("producer_batch_size_count");
        double items = producerAfter.sum("producer_batch_size_sum") - producerBefore.sum("producer_batch_size_sum");
        return new Result(phase, batching, batchSize, lingerMs, seconds,
                watched.ratePerSecond(ProducerStatus::produced),
                watched.values(ProducerStatus::size).stream().mapToLong(Long::longValue).min().orElseThrow(),
                (consumerAfter.required("processed").longValue() - processedBefore) / seconds,
                arithmeticCapacity,
                consumerAfter.required("capacity_per_second").doubleValue(),
                requests > 0 ? items / requests : Double.NaN,
                BucketQuantile.quantile(MEDIAN, BucketQuantile.delta("consumer_end_to_end_latency_seconds",
                        consumerBefore, consumerAfterScrape)) * MILLIS_PER_SECOND);
    }

    /** What a window did; {@code arithmeticCapacity} is NaN at the low load, where the producer sets the pace. */
    private record Result(String phase, String batching, int batchSize, int lingerMs, double windowSeconds,
            double offeredPerSecond, long minQueue, double goodputPerSecond, double arithmeticCapacity,
            double reportedCapacity, double meanBatch, double endToEndP50Millis) {

        double ofArithmetic() {
            return goodputPerSecond / arithmeticCapacity;
        }

        /** Only under the backlog does goodput measure what batching can take. */
        List<String> cells(double bestFixed) {
            double ofBest = Double.isNaN(arithmeticCapacity) ? Double.NaN : goodputPerSecond / bestFixed;
            return List.of(phase, batching, Integer.toString(batchSize), Integer.toString(lingerMs),
                    number(windowSeconds, 1), number(offeredPerSecond, 1), Long.toString(minQueue),
                    number(goodputPerSecond, 1), number(arithmeticCapacity, 1), number(ofArithmetic(), 2),
                    number(reportedCapacity, 2), number(ofBest, 2), number(meanBatch, 1),
                    number(endToEndP50Millis, 0));
        }
    }

    private List<String> verdicts(List<Result> fixed, Result adaptive, Result single, Result adaptiveAtLowLoad) {
        boolean reportedAsArithmetic = fixed.stream().allMatch(
                result -> Math.abs(result.reportedCapacity() - result.arithmeticCapacity()) <= REPORTED_CAPACITY_PRECISION);
        List<Result> outside = fixed.stream()
                .filter(result -> Math.abs(result.ofArithmetic() - 1) > ARITHMETIC_TOLERANCE).toList();
        Result worst = fixed.stream()
                .max(Comparator.comparingDouble(result -> Math.abs(result.ofArithmetic() - 1))).orElseThrow();
        Result best = fixed.stream().max(Comparator.comparingDouble(Result::goodputPerSecond)).orElseThrow();
        double adaptiveOfBest = adaptive.goodputPerSecond() / best.goodputPerSecond();
        double latencyLimit = single.endToEndP50Millis() + LINGER_MS;
        return List.of(
                verdict("capacity n × 1000 ÷ (" + REQUEST_OVERHEAD_MS + " + " + PROCESSING_TIME_MS
                                + "n), as the consumer reports it: 18/s at batch 1, 133/s at batch 20",
                        reportedAsArithmetic,
                        fixed.stream().map(result -> "batch " + result.batchSize() + " " + number(result.reportedCapacity(), 2))
                                .collect(Collectors.joining(", "))),
                verdict("goodput within " + percent(ARITHMETIC_TOLERANCE) + " of the arithmetic at every batch size",
                        outside.isEmpty(),
                        (outside.isEmpty() ? "furthest" : "outside: " + outside.stream()
                                .map(result -> "batch " + result.batchSize()).collect(Collectors.joining(", ")) + "; furthest")
                                + " batch " + worst.batchSize() + " at " + number(worst.ofArithmetic(), 2)),
                verdict("adaptive (ceiling " + ADAPTIVE_CEILING + ") under a standing backlog reaches "
                                + ADAPTIVE_SHARE_OF_BEST + " of the best fixed batch",
                        adaptiveOfBest >= ADAPTIVE_SHARE_OF_BEST,
                        number(adaptiveOfBest, 2) + ": " + number(adaptive.goodputPerSecond(), 1) + "/s against batch "
                                + best.batchSize() + "'s " + number(best.goodputPerSecond(), 1) + "/s"),
                verdict("adaptive with a " + LINGER_MS + " ms linger at " + LOW_LOAD_RATE
                                + "/s adds at most one linger to batch 1's end-to-end p50",
                        adaptiveAtLowLoad.endToEndP50Millis() <= latencyLimit,
                        number(adaptiveAtLowLoad.endToEndP50Millis(), 0) + " ms against " + number(single.endToEndP50Millis(), 0)
                                + " + " + LINGER_MS + " = " + number(latencyLimit, 0) + " ms"));
    }

    private static String verdict(String target, boolean met, String figure) {
        return target + ": " + (met ? "PASS" : "MISS") + " (" + figure + ")";
    }

    /**
     * Batch 1's arithmetic is the plainest in the lab: one 55 ms request after the other. Its goodput far from
     * 18.2/s means sleeps and requests overran on a contended machine, and every other figure with them.
     */
    private void calibrate(Result single) throws IOException {
        if (Math.abs(single.ofArithmetic() - 1) > CALIBRATION_TOLERANCE) {
            refuse("calibration failed: batch 1 delivered " + number(single.goodputPerSecond(), 1) + "/s, not within "
                    + percent(CALIBRATION_TOLERANCE) + " of " + number(single.arithmeticCapacity(), 1)
                    + "/s; the machine is too loaded to measure (load average now " + loadAverage() + ")");
        }
    }

    /** Goodput below capacity only measures the lab if there was always a batch's worth to take. */
    private static void requireStandingBacklog(Result result, int batchSize) {
        if (result.minQueue() < batchSize) {
            refuse("the backlog did not stand at " + result.batching() + " batch_size " + batchSize + ": the queue fell to "
                    + result.minQueue() + " (offered " + number(result.offeredPerSecond(), 1) + "/s)");
        }
    }

    private void requireAlive() {
        for (ServiceProcess service : List.of(consumer, producer)) {
            if (!service.isAlive()) {
                refuse(service.service() + " died; its log: " + service.logFile());
            }
        }
    }

    private static void refuse(String why) {
        throw new AssertionError("refusing to report this run: " + why);
    }

    private void configureProducer(String json) {
        LabHttp.postJson(producer.baseUrl() + "/admin/config", json);
    }

    /** Any change to these restarts adaptive's target at 1. */
    private void configureBatching(String batching, int batchSize, int lingerMs) {
        configureProducer("{\"batching\":\"%s\",\"batch_size\":%d,\"batch_linger_ms\":%d}"
                .formatted(batching, batchSize, lingerMs));
    }

    private JsonNode consumerStatus() {
        return LabHttp.getJson(consumer.baseUrl() + "/status");
    }

    private static long settled(ProducerStatus status) {
        return status.sent() + status.failed();
    }

    /** n × 1000 ÷ (overhead + n × processing time): the consumer's one slot spends the overhead once per request. */
    private static double capacity(int batchSize) {
        return batchSize * MILLIS_PER_SECOND / (REQUEST_OVERHEAD_MS + batchSize * PROCESSING_TIME_MS);
    }

    /** Minutes pass with nothing else on the console; this says how far the run has come. */
    private void progress(String phase) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        part++;
        System.out.printf("[batching benchmark] part %d of %d, %s (elapsed %d:%02d)%n",
                part, PARTS, phase, elapsed.toMinutes(), elapsed.toSecondsPart());
    }

    private static String table(List<List<String>> rows) {
        StringBuilder table = new StringBuilder()
                .append(markdownRow(COLUMNS))
                .append(markdownRow(COLUMNS.stream().map(column -> "---").toList()));
        rows.forEach(row -> table.append(markdownRow(row)));
        return table.toString();
    }

    private static String markdownRow(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static void write(Path directory, List<String> context, String table, List<List<String>> rows,
            List<String> verdicts) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("batching.md"), "# Batching\n\n"
                + "Written by `BatchingBenchmark`; see docs/benchmarks.md, \"Batching\".\n\n"
                + bullets(context) + "\n\n" + table + "\n" + bullets(verdicts) + "\n");
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        rows.forEach(row -> csv.append(String.join(",", row)).append('\n'));
        Files.writeString(directory.resolve("batching.csv"), csv);
    }

    private static String bullets(List<String> lines) {
        return lines.stream().map(line -> "- " + line).collect(Collectors.joining("\n"));
    }

    /** Locale.ROOT so the CSV reads the same on every machine (a decimal point, never a comma). */
    private static String number(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String percent(double share) {
        return Math.round(share * 100) + " %";
    }

    /** The 1, 5 and 15 minute load averages: on a 2-core machine anything near 2 means the figures are contended. */
    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.isReadable(loadavg)
                ? String.join(" ", List.of(Files.readString(loadavg).split(" ")).subList(0, 3))
                : number(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
    }

    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        return !Files.isReadable(cpuinfo) ? System.getProperty("os.arch") : Files.readAllLines(cpuinfo).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse(System.getProperty("os.arch"));
    }
}
