package lab.backpressure.labtests.benchmark.delivery;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import lab.backpressure.labtests.benchmark.CeilingClient;
import lab.backpressure.labtests.benchmark.ConsumerSetting;
import lab.backpressure.labtests.benchmark.InvalidRun;
import lab.backpressure.labtests.benchmark.Machine;
import lab.backpressure.labtests.benchmark.Pipeline;
import lab.backpressure.labtests.benchmark.Progress;
import lab.backpressure.labtests.benchmark.ResultTable;
import lab.backpressure.labtests.benchmark.ResultsReport;
import lab.backpressure.labtests.benchmark.Settling;
import lab.backpressure.labtests.benchmark.Verdict;
import lab.backpressure.labtests.support.LabService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static lab.backpressure.labtests.benchmark.ResultsReport.number;

/**
 * Measures the delivery side (issue 8's targets) in one run, every figure a ratio to a capacity measured in
 * the same run, so a busy machine moves numerator and denominator together:
 * <ol>
 * <li>the consumer's own HTTP ceiling per setting, from a load client with no producer in between; a ceiling
 * under 0.8 × the consumer's nominal capacity, where the client could push more, makes the run invalid;</li>
 * <li>pipeline goodput ÷ capacity for each {@code delivery_limit}, over a grid of consumer settings;</li>
 * <li>how long goodput takes to settle when the consumer's concurrency goes from 1 to 4;</li>
 * <li>the {@code adaptive} queue mode: goodput, queue wait, and settling when capacity halves and doubles back;</li>
 * <li>shedding at 5× overload: goodput and 429s per processed item.</li>
 * </ol>
 * It is tagged {@code benchmark}, so only the {@code benchmark} Maven profile runs it, and it refuses to write
 * results from an invalid run ({@link InvalidRun}): a service died, the books did not balance, or the
 * calibration failed. Targets are reported as PASS or MISS, not asserted: a miss is a finding.
 * Its windows are system properties ({@code lab.benchmark.delivery.*-seconds}); the defaults take about ten minutes.
 */
@Tag("benchmark")
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class DeliveryBenchmark {

    private static final int PAYLOAD_BYTES = 1024;
    /** The producer's {@code production_rate} maximum. */
    private static final double MAX_PRODUCTION_RATE = 1000;
    /** Production over capacity in parts 2 and 3: enough that delivery, not production, decides goodput. */
    private static final double OVERLOAD = 1.5;
    /** The least overload the grid keeps at the producer's maximum rate, so its largest capacity is 1000 ÷ 1.25 = 800/s. */
    private static final double LEAST_OVERLOAD = 1.25;
    /** Production over capacity in parts 4 and 5: the overload the lab's exercises show. */
    private static final double HEAVY_OVERLOAD = 5;
    private static final List<Integer> CONCURRENCIES = List.of(1, 4, 8);
    private static final List<Integer> PROCESSING_MS = List.of(5, 20, 100);
    private static final List<String> DELIVERY_LIMITS = List.of("fixed", "aimd", "vegas", "gradient2");
    /** Today's default and the candidate for it: the adaptive queue mode is measured under both. */
    private static final List<String> ADAPTIVE_PART_LIMITS = List.of("fixed", "aimd");
    /** The consumer's minimum {@code processing_time_ms}. */
    private static final int SHORTEST_PROCESSING_MS = 1;
    /**
     * The grid's largest concurrency at the shortest processing time: a nominal capacity no loopback HTTP client
     * reaches, so its ceiling is what the client can push, and it drains the pipeline between measurements.
     */
    private static final ConsumerSetting FASTEST = ConsumerSetting.of(CONCURRENCIES.getLast(), SHORTEST_PROCESSING_MS);
    /** The consumer of parts 3 to 5: the handout's one slot, at 20 ms (time compressed fivefold), 50/s. */
    private static final ConsumerSetting ONE_SLOT = ConsumerSetting.of(1, 20);
    /** Part 3's change: the same consumer given four slots. */
    private static final ConsumerSetting FOUR_SLOTS = ConsumerSetting.of(4, 20);
    /** Part 4 halves capacity by slowing the consumer down twofold. */
    private static final int HALVING_SLOW_DOWN = 2;
    private static final ConsumerSetting HALVED = ONE_SLOT.slowedDown(HALVING_SLOW_DOWN);
    /** Part 5: requests that may wait at the consumer before it sheds. */
    private static final int MAX_WAITING = 2;
    /** Part 4's {@code target_wait_ms} is 2 × processing time, the rule behind its default (2 × the handout's 100 ms). */
    private static final int TARGET_WAIT_PROCESSING_TIMES = 2;
    /** Ceiling connections per consumer slot: one being processed, one waiting at the door, as the producer's fixed 2 does for one slot. */
    private static final int CONNECTIONS_PER_SLOT = 2;
    /** The connections open and the consumer's JIT warms before the ceiling's window starts. */
    private static final Duration CEILING_RAMP_UP = Duration.ofSeconds(1);
    private static final double CALIBRATION_SHARE = 0.8;

    private static final double GOODPUT_TARGET = 0.9;
    private static final double ADAPTIVE_GOODPUT_TARGET = 0.95;
    private static final double SHED_GOODPUT_TARGET = 0.9;
    private static final double SHED_PER_PROCESSED_TARGET = 1;
    private static final Duration SETTLING_TARGET = Duration.ofSeconds(10);
    /** Goodput has settled once it stays within ±10 % of its new steady value for 5 s. */
    private static final double SETTLING_BAND = 0.1;
    private static final Duration SETTLING_HOLD = Duration.ofSeconds(5);
    /** The new steady goodput is the mean over the observation's last 5 s. */
    private static final Duration STEADY_TAIL = Duration.ofSeconds(5);
    private static final double SECONDS_TO_MILLIS = 1000;

    private static final Duration WARM_UP = seconds("warmup", 5);
    private static final Duration CEILING_WINDOW = seconds("ceiling", 3);
    private static final Duration SETTLE = seconds("settle", 3);
    private static final Duration WINDOW = seconds("window", 5);
    /** The 10 s target plus the 5 s hold: a settling time within the target shows, a longer one as "not within 10". */
    private static final Duration SETTLING_WINDOW = seconds("settling-window", 15);
    /**
     * The adaptive mode starts at production_rate with no bound on its queue: its first 500 ms at 5 × capacity
     * queue 2 s of work, which drains at the 10 % it then leaves free, about 20 s.
     */
    private static final Duration ADAPTIVE_SETTLE = seconds("adaptive-settle", 25);
    /** The adaptive rate saws with a period of seconds; a window of several periods averages it. */
    private static final Duration ADAPTIVE_WINDOW = seconds("adaptive-window", 15);
    /**
     * A throttled worker keeps its slot for the Retry-After (at least 1 s) and a loss-based limit backs off on
     * each throttle, so goodput under shedding saws over seconds too; a 5 s window can fall into one dip.
     */
    private static final Duration SHEDDING_WINDOW = seconds("shedding-window", 15);

    private final List<ConsumerSetting> grid = CONCURRENCIES.stream()
            .flatMap(concurrency -> PROCESSING_MS.stream().map(ms -> ConsumerSetting.of(concurrency, ms)))
            .filter(setting -> setting.nominalPerSecond() <= MAX_PRODUCTION_RATE / LEAST_OVERLOAD)
            .toList();
    private final Map<ConsumerSetting, Double> ceilings = new LinkedHashMap<>();
    private final List<ResultTable> tables = new ArrayList<>();
    private final List<Verdict> verdicts = new ArrayList<>();
    private Progress progress;

    @Test
    void measureDelivery() throws Exception {
        if (SETTLING_WINDOW.compareTo(STEADY_TAIL.plus(SETTLING_HOLD)) < 0) {
            throw new IllegalArgumentException("the settling window must hold the steady tail and the hold: at least "
                    + STEADY_TAIL.plus(SETTLING_HOLD).toSeconds() + " s");
        }
        List<String> context = new ArrayList<>(List.of(
                "date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                "machine: " + Machine.description() + ", load average at start " + Machine.loadAverage()));
        List<ConsumerSetting> ceilingSettings = new ArrayList<>(List.of(FASTEST));
        ceilingSettings.addAll(grid);
        ceilingSettings.add(HALVED);
        progress = new Progress(1 + ceilingSettings.size() + grid.size() * DELIVERY_LIMITS.size()
                + DELIVERY_LIMITS.size() + ADAPTIVE_PART_LIMITS.size() + DELIVERY_LIMITS.size());
        try (Pipeline lab = Pipeline.start(PAYLOAD_BYTES, FASTEST)) {
            try {
                warmUp(lab);
                ceilings(lab, ceilingSettings);
                goodput(lab);
                settling(lab);
                adaptiveProduction(lab);
                shedding(lab);
                lab.rest("the last measurement");
            } catch (RuntimeException e) {
                lab.requireAlive("during the run", e);
                throw e;
            }
            context.add("load average at end " + Machine.loadAverage() + ", run time " + progress.elapsed().toSeconds() + " s");
            context.add("JVM: " + Machine.jvm() + ", the same java for both services and the load client");
            context.add(("settings: payload_bytes %d; warm-up %d s; ceiling %d s after %d s ramp-up; pipeline settle %d s, "
                    + "window %d s; settling observed %d s; adaptive settle %d s, window %d s; shedding window %d s "
                    + "(-Dlab.benchmark.delivery.*-seconds)")
                    .formatted(PAYLOAD_BYTES, WARM_UP.toSeconds(), CEILING_WINDOW.toSeconds(), CEILING_RAMP_UP.toSeconds(),
                            SETTLE.toSeconds(), WINDOW.toSeconds(), SETTLING_WINDOW.toSeconds(),
                            ADAPTIVE_SETTLE.toSeconds(), ADAPTIVE_WINDOW.toSeconds(), SHEDDING_WINDOW.toSeconds()));
            context.add("capacity = min(nominal, the consumer's own ceiling measured in part 1); books: the accounting "
                    + "identities held after every window, and the consumer's processed equalled the producer's sent plus "
                    + "the load client's items at each of " + lab.balancedRests() + " rests");
        }
        report(context);
    }

    /**
     * The three JVMs compile their hot paths at full speed first: the services under the producer's traffic, the
     * load client (in this JVM) under its own, so neither the first ceiling nor the first window is taken cold.
     */
    private void warmUp(Pipeline lab) throws InterruptedException {
        progress.step("warm-up of the services and the load client at " + FASTEST.label());
        lab.rest("start-up");
        lab.consumerTo(FASTEST, Pipeline.UNLIMITED_WAITING);
        lab.producerTo(Pipeline.producing("drop_oldest", MAX_PRODUCTION_RATE, "aimd"));
        Thread.sleep(WARM_UP);
        lab.rest("the warm-up");
        lab.ceiling(FASTEST, CONNECTIONS_PER_SLOT * FASTEST.concurrency(), WARM_UP, CEILING_WINDOW);
    }

    private void ceilings(Pipeline lab, List<ConsumerSetting> settings) throws InterruptedException {
        List<List<String>> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (ConsumerSetting setting : settings) {
            int connections = CONNECTIONS_PER_SLOT * setting.concurrency();
            progress.step("ceiling: consumer " + setting.label() + ", " + connections + " connections, "
                    + CEILING_RAMP_UP.plus(CEILING_WINDOW).toSeconds() + " s");
            CeilingClient.Ceiling ceiling = lab.ceiling(setting, connections, CEILING_RAMP_UP, CEILING_WINDOW);
            if (ceiling.failures() > 0) {
                throw new InvalidRun("calibration failed: the consumer at " + setting.label() + " answered "
                        + ceiling.failures() + " valid items from the load client with other than 200, first: "
                        + ceiling.firstFailure());
            }
            ceilings.put(setting, ceiling.processedPerSecond());
            rows.add(List.of(setting.label(), number(setting.nominalPerSecond(), 0), Integer.toString(connections),
                    number(ceiling.processedPerSecond(), 1), number(ceiling.processedPerSecond() / setting.nominalPerSecond(), 2),
                    calibration(setting, failures)));
        }
        addTable(new ResultTable("ceiling", "1. The consumer's own HTTP ceiling",
                List.of("consumer", "nominal/s", "connections", "ceiling/s", "ceiling ÷ nominal", "calibration"), 1, rows));
        if (!failures.isEmpty()) {
            throw new InvalidRun("calibration failed: " + String.join("; ", failures) + ". The consumer does not do what "
                    + "its settings say, so no ratio against its capacity would mean anything");
        }
    }

    /** The check a ceiling must pass, given what the client can push (the ceiling at {@link #FASTEST}). */
    private String calibration(ConsumerSetting setting, List<String> failures) {
        double clientLimit = ceilings.get(FASTEST);
        if (setting.equals(FASTEST)) {
            return "what the client can push";
        }
        if (setting.nominalPerSecond() >= clientLimit) {
            return "HTTP-bound: nominal ≥ the client's " + number(clientLimit, 0) + "/s, not checked";
        }
        double ceiling = ceilings.get(setting);
        if (ceiling < CALIBRATION_SHARE * setting.nominalPerSecond()) {
            failures.add("at " + setting.label() + " the ceiling is " + number(ceiling, 1) + "/s, under " + CALIBRATION_SHARE
                    + " × nominal " + number(setting.nominalPerSecond(), 0) + "/s, which the client can push ("
                    + number(clientLimit, 0) + "/s)");
            return "FAILED";
        }
        return "ok: ≥ " + CALIBRATION_SHARE + " × nominal";
    }

    private void goodput(Pipeline lab) throws InterruptedException {
        List<List<String>> rows = new ArrayList<>();
        Map<String, Map<ConsumerSetting, Double>> ratiosByLimit = new LinkedHashMap<>();
        for (ConsumerSetting setting : grid) {
            double production = Math.min(MAX_PRODUCTION_RATE, OVERLOAD * setting.nominalPerSecond());
            for (String limit : DELIVERY_LIMITS) {
                String where = "the pipeline at " + setting.label() + " with " + limit;
                progress.step("goodput: consumer " + setting.label() + ", delivery_limit " + limit + ", production "
                        + number(production, 0) + "/s");
                lab.rest("the step before " + where);
                lab.consumerTo(setting, Pipeline.UNLIMITED_WAITING);
                lab.producerTo(Pipeline.producing("drop_oldest", production, limit));
                settle(SETTLE);
                progress.phase("window " + WINDOW.toSeconds() + " s");
                Pipeline.Window window = lab.window(WINDOW, "in " + where);
                double ratio = window.goodputPerSecond() / capacity(setting);
                ratiosByLimit.computeIfAbsent(limit, l -> new LinkedHashMap<>()).put(setting, ratio);
                rows.add(List.of(setting.label(), limit, number(setting.nominalPerSecond(), 0), number(capacity(setting), 1),
                        number(production, 0), number(window.producedPerSecond(), 1), number(window.goodputPerSecond(), 1),
                        number(ratio, 2), number(window.goodputPerSecond() / setting.nominalPerSecond(), 2),
                        window.limitRange()));
            }
        }
        addTable(new ResultTable("goodput", "2. Pipeline goodput (drop_oldest, production 1.5 × capacity, at most 1000/s)",
                List.of("consumer", "delivery_limit", "nominal/s", "capacity/s", "production/s", "produced/s", "goodput/s",
                        "goodput ÷ capacity", "goodput ÷ nominal", "delivery limit min–max"), 2, rows));
        for (Map.Entry<String, Map<ConsumerSetting, Double>> byLimit : ratiosByLimit.entrySet()) {
            Map.Entry<ConsumerSetting, Double> worst = byLimit.getValue().entrySet().stream()
                    .min(Map.Entry.comparingByValue()).orElseThrow();
            double mean = byLimit.getValue().values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            verdicts.add(new Verdict("goodput ≥ " + GOODPUT_TARGET + " × capacity at every setting, delivery_limit "
                    + byLimit.getKey(), worst.getValue() >= GOODPUT_TARGET, "worst " + number(worst.getValue(), 2) + " at "
                    + worst.getKey().label() + ", mean " + number(mean, 2)));
        }
    }

    private void settling(Pipeline lab) throws InterruptedException {
        List<List<String>> rows = new ArrayList<>();
        double production = Math.min(MAX_PRODUCTION_RATE, OVERLOAD * FOUR_SLOTS.nominalPerSecond());
        String change = "concurrency 1 → 4";
        for (String limit : DELIVERY_LIMITS) {
            String where = "the settling of " + limit;
            progress.step("settling: " + change + " at " + ONE_SLOT.processingMs() + " ms, delivery_limit " + limit
                    + ", production " + number(production, 0) + "/s");
            lab.rest("the step before " + where);
            lab.consumerTo(ONE_SLOT, Pipeline.UNLIMITED_WAITING);
            lab.producerTo(Pipeline.producing("drop_oldest", production, limit));
            settle(SETTLE);
            progress.phase(change + ", observing " + SETTLING_WINDOW.toSeconds() + " s");
            Settling settling = settlingAfter(lab, () -> lab.consumerTo(FOUR_SLOTS, Pipeline.UNLIMITED_WAITING));
            lab.requireValid("after " + where);
            double capacity = capacity(FOUR_SLOTS);
            rows.add(List.of(change + " (" + ONE_SLOT.processingMs() + " ms)", limit,
                    number(capacity(ONE_SLOT), 1) + " → " + number(capacity, 1), number(settling.steadyPerSecond(), 1),
                    number(settling.steadyPerSecond() / capacity, 2), settlingTime(settling),
                    Integer.toString(lab.deliveryLimit())));
            verdicts.add(settlingVerdict("after " + change + ", delivery_limit " + limit, settling, capacity));
        }
        addTable(new ResultTable("settling", "3. Settling after the consumer's concurrency goes 1 → 4 (drop_oldest, production "
                + number(production, 0) + "/s)", List.of("change", "delivery_limit", "capacity/s", "steady goodput/s",
                "steady ÷ capacity", "settling s", "delivery limit at end"), 2, rows));
    }

    private void adaptiveProduction(Pipeline lab) throws InterruptedException {
        List<List<String>> rows = new ArrayList<>();
        double production = HEAVY_OVERLOAD * ONE_SLOT.nominalPerSecond();
        int targetWaitMs = TARGET_WAIT_PROCESSING_TIMES * ONE_SLOT.processingMs();
        double capacity = capacity(ONE_SLOT);
        for (String limit : ADAPTIVE_PART_LIMITS) {
            String where = "adaptive production with " + limit;
            progress.step("adaptive production: consumer " + ONE_SLOT.label() + ", production_rate " + number(production, 0)
                    + "/s, target_wait_ms " + targetWaitMs + ", delivery_limit " + limit);
            lab.rest("the step before " + where);
            lab.consumerTo(ONE_SLOT, Pipeline.UNLIMITED_WAITING);
            Map<String, Object> config = Pipeline.producing("adaptive", production, limit);
            config.put("target_wait_ms", targetWaitMs);
            lab.producerTo(config);
            settle(ADAPTIVE_SETTLE);
            progress.phase("window " + ADAPTIVE_WINDOW.toSeconds() + " s");
            Pipeline.Window window = lab.window(ADAPTIVE_WINDOW, "in " + where);
            progress.phase("capacity halves (slow-down " + HALVING_SLOW_DOWN + "), observing " + SETTLING_WINDOW.toSeconds() + " s");
            Settling halved = settlingAfter(lab, () -> lab.slowDownTo(HALVING_SLOW_DOWN));
            progress.phase("capacity doubles back, observing " + SETTLING_WINDOW.toSeconds() + " s");
            Settling doubled = settlingAfter(lab, () -> lab.slowDownTo(ConsumerSetting.NO_SLOW_DOWN));
            lab.requireValid("after " + where);
            double ratio = window.goodputPerSecond() / capacity;
            double p99Ms = window.queueWaitP99() * SECONDS_TO_MILLIS;
            rows.add(List.of(ONE_SLOT.label(), limit, number(capacity, 1), number(window.goodputPerSecond(), 1),
                    number(ratio, 2), number(window.queueWaitP50() * SECONDS_TO_MILLIS, 0) + " / " + number(p99Ms, 0),
                    Integer.toString(targetWaitMs), settlingTime(halved) + " (" + number(halved.steadyPerSecond() / capacity(HALVED), 2) + ")",
                    settlingTime(doubled) + " (" + number(doubled.steadyPerSecond() / capacity, 2) + ")"));
            String scope = ", adaptive, delivery_limit " + limit;
            verdicts.add(new Verdict("goodput ≥ " + ADAPTIVE_GOODPUT_TARGET + " × capacity" + scope,
                    ratio >= ADAPTIVE_GOODPUT_TARGET, number(ratio, 2)));
            verdicts.add(new Verdict("queue wait p99 ≤ " + TARGET_WAIT_PROCESSING_TIMES + " × processing time (" + targetWaitMs
                    + " ms)" + scope, p99Ms <= targetWaitMs, number(p99Ms, 0) + " ms"));
            verdicts.add(settlingVerdict("after capacity halves" + scope, halved, capacity(HALVED)));
            verdicts.add(settlingVerdict("after capacity doubles back" + scope, doubled, capacity));
        }
        addTable(new ResultTable("adaptive", "4. Adaptive production (queue_mode adaptive, production_rate "
                + number(production, 0) + "/s, target_wait_ms " + targetWaitMs + ")",
                List.of("consumer", "delivery_limit", "capacity/s", "goodput/s", "goodput ÷ capacity", "queue wait p50 / p99 ms",
                        "target_wait_ms", "settling s after halving (steady ÷ capacity)",
                        "settling s after doubling back (steady ÷ capacity)"), 2, rows));
    }

    private void shedding(Pipeline lab) throws InterruptedException {
        List<List<String>> rows = new ArrayList<>();
        double production = HEAVY_OVERLOAD * ONE_SLOT.nominalPerSecond();
        double capacity = capacity(ONE_SLOT);
        for (String limit : DELIVERY_LIMITS) {
            String where = "shedding with " + limit;
            progress.step("shedding: consumer " + ONE_SLOT.label() + " max_waiting " + MAX_WAITING + ", production "
                    + number(production, 0) + "/s, delivery_limit " + limit);
            lab.rest("the step before " + where);
            lab.consumerTo(ONE_SLOT, MAX_WAITING);
            lab.producerTo(Pipeline.producing("drop_oldest", production, limit));
            settle(SETTLE);
            progress.phase("window " + SHEDDING_WINDOW.toSeconds() + " s");
            Pipeline.Window window = lab.window(SHEDDING_WINDOW, "in " + where);
            double ratio = window.goodputPerSecond() / capacity;
            double shedPerProcessed = (double) window.shed() / window.processed();
            rows.add(List.of(ONE_SLOT.label(), limit, number(capacity, 1), number(window.goodputPerSecond(), 1),
                    number(ratio, 2), number(window.shedPerSecond(), 1), number(shedPerProcessed, 2), window.limitRange()));
            String scope = " at " + number(HEAVY_OVERLOAD, 0) + "× overload, max_waiting " + MAX_WAITING + ", delivery_limit " + limit;
            verdicts.add(new Verdict("goodput ≥ " + SHED_GOODPUT_TARGET + " × capacity" + scope, ratio >= SHED_GOODPUT_TARGET,
                    number(ratio, 2)));
            verdicts.add(new Verdict("429s per processed item ≤ " + number(SHED_PER_PROCESSED_TARGET, 0) + scope,
                    shedPerProcessed <= SHED_PER_PROCESSED_TARGET, number(shedPerProcessed, 2)));
        }
        addTable(new ResultTable("shedding", "5. Shedding at " + number(HEAVY_OVERLOAD, 0) + "× overload (drop_oldest, production "
                + number(production, 0) + "/s, consumer max_waiting " + MAX_WAITING + ")",
                List.of("consumer", "delivery_limit", "capacity/s", "goodput/s", "goodput ÷ capacity", "429s/s",
                        "429s per processed", "delivery limit min–max"), 2, rows));
    }

    /** Keeps a part's table for the report and prints it at once, so a long run shows its results as they come. */
    private void addTable(ResultTable table) {
        tables.add(table);
        System.out.println(table.markdown());
    }

    private Settling settlingAfter(Pipeline lab, Runnable change) throws InterruptedException {
        return Settling.of(lab.readingsAround(change, SETTLING_WINDOW), Pipeline.SAMPLE_INTERVAL, STEADY_TAIL,
                SETTLING_HOLD, SETTLING_BAND);
    }

    /** Settled within the target, and to goodput near the new capacity: settling fast at half of it is no success. */
    private static Verdict settlingVerdict(String scope, Settling settling, double capacity) {
        double share = settling.steadyPerSecond() / capacity;
        boolean met = settling.settled() && settling.seconds() <= SETTLING_TARGET.toSeconds() && share >= GOODPUT_TARGET;
        return new Verdict("settles within " + SETTLING_TARGET.toSeconds() + " s to ≥ " + GOODPUT_TARGET + " × capacity "
                + scope, met, (settling.settled() ? number(settling.seconds(), 0) + " s to " : settlingTime(settling)
                + " s, then ") + number(settling.steadyPerSecond(), 1) + "/s = " + number(share, 2) + " × capacity");
    }

    private static String settlingTime(Settling settling) {
        return settling.settled() ? number(settling.seconds(), 0)
                : "not within " + SETTLING_WINDOW.minus(SETTLING_HOLD).toSeconds();
    }

    /** What the ratios divide by: the nominal capacity, or the consumer's own ceiling where HTTP caps it lower. */
    private double capacity(ConsumerSetting setting) {
        return Math.min(setting.nominalPerSecond(), ceilings.get(setting));
    }

    private void settle(Duration settle) throws InterruptedException {
        progress.phase("settling " + settle.toSeconds() + " s");
        Thread.sleep(settle);
    }

    private void report(List<String> context) throws IOException {
        String tablesMarkdown = tables.stream().map(ResultTable::markdown).collect(Collectors.joining("\n"));
        String verdictLines = verdicts.stream().map(verdict -> "- " + verdict.line()).collect(Collectors.joining("\n"));
        String markdown = "# Delivery: limits, adaptive production, shedding\n\n"
                + "Written by `DeliveryBenchmark`; see docs/benchmarks.md.\n\n"
                + ResultsReport.contextList(context) + "\n\n" + tablesMarkdown + "\n## Verdicts\n\n" + verdictLines + "\n";
        System.out.println(verdictLines);
        ResultsReport.write(LabService.repositoryRoot().resolve("benchmarks/results"), "delivery", markdown,
                ResultTable.CSV_HEADER + "\n" + tables.stream().map(ResultTable::csv).collect(Collectors.joining()));
    }

    private static Duration seconds(String name, long defaultSeconds) {
        return Duration.ofSeconds(Long.getLong("lab.benchmark.delivery." + name + "-seconds", defaultSeconds));
    }
}
