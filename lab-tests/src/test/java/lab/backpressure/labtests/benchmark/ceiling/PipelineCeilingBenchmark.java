package lab.backpressure.labtests.benchmark.ceiling;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import lab.backpressure.labtests.benchmark.CeilingClient;
import lab.backpressure.labtests.benchmark.ConsumerSetting;
import lab.backpressure.labtests.benchmark.InvalidRun;
import lab.backpressure.labtests.benchmark.Machine;
import lab.backpressure.labtests.benchmark.Pipeline;
import lab.backpressure.labtests.benchmark.Progress;
import lab.backpressure.labtests.benchmark.ResultTable;
import lab.backpressure.labtests.benchmark.ResultsReport;
import lab.backpressure.labtests.support.LabService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static lab.backpressure.labtests.benchmark.ResultsReport.number;

/**
 * Issue 12's ceiling question: how many items per second the lab's pipeline (the producer's queue and delivery
 * workers, HTTP, the consumer) can deliver at all, next to what the consumer takes from a bare load client. The
 * consumer processes each item for 1 ms, the shortest it can, with 1, 2, 4 and 8 slots (1,000 to 8,000/s nominal),
 * so HTTP and the services' own work set the pace, not the processing time. For each concurrency:
 * <ol>
 * <li>the consumer's own HTTP ceiling, from the {@link CeilingClient} with 2 connections per slot;</li>
 * <li>the pipeline's goodput (items the consumer processed per second) with a standing backlog in a {@code bounded}
 * queue of 1,000 items, so memory stays flat: the generator at the producer's maximum {@code production_rate} of
 * 1,000/s, and {@code POST /produce} bursts of 400 every 100 ms on top, 5,000/s offered in all. Delivery with
 * {@code fixed} at 2 per slot (the client's connections: like for like) and with {@code aimd}.</li>
 * </ol>
 * The ratio pipeline ÷ ceiling says what the producer costs against a client that does nothing but send. The
 * run is refused ({@link InvalidRun}) when a service died, the books of producer, consumer and client did not
 * balance at a rest, the client got an answer other than 200, or the backlog did not stand (a burst in the window
 * found room for all its items, so the queue may have run dry and the generator, not delivery, set the pace).
 * Windows: {@code -Dlab.benchmark.ceiling.window-seconds=5 -Dlab.benchmark.ceiling.settle-seconds=3
 * -Dlab.benchmark.ceiling.ceiling-seconds=3 -Dlab.benchmark.ceiling.warmup-seconds=5}.
 */
@Tag("benchmark")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class PipelineCeilingBenchmark {

    private static final int PAYLOAD_BYTES = 1024;
    private static final int PROCESSING_MS = 1;
    private static final List<Integer> CONCURRENCIES = List.of(1, 2, 4, 8);
    /** The producer's {@code production_rate} maximum. */
    private static final int MAX_PRODUCTION_RATE = 1000;
    /** 1,000 items of 1 KiB: about 1.1 MiB of heap, flat, and a third of a second of work at the highest ceiling. */
    private static final int MAX_QUEUE_SIZE = 1000;
    private static final int BURST = 400;
    private static final Duration BURST_INTERVAL = Duration.ofMillis(100);
    /** Ceiling connections per consumer slot, as in {@link DeliveryBenchmark}: one processed, one at the door. */
    private static final int CONNECTIONS_PER_SLOT = 2;
    private static final Duration CEILING_RAMP_UP = Duration.ofSeconds(1);
    private static final ConsumerSetting FASTEST = ConsumerSetting.of(CONCURRENCIES.getLast(), PROCESSING_MS);
    private static final double MILLIS_PER_SECOND = 1000;

    private static final Duration WARM_UP = seconds("warmup", 5);
    private static final Duration CEILING_WINDOW = seconds("ceiling", 3);
    private static final Duration SETTLE = seconds("settle", 3);
    private static final Duration WINDOW = seconds("window", 5);

    /** How the producer delivers: the algorithm, and for {@code fixed} how many in flight per consumer slot. */
    private record Delivery(String limit, int perSlot) {

        Map<String, Object> config(int concurrency) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("delivery_limit", limit);
            if (perSlot > 0) {
                config.put("delivery_concurrency", perSlot * concurrency);
            }
            return config;
        }

        String label(int concurrency) {
            return perSlot > 0 ? limit + " " + perSlot * concurrency : limit;
        }
    }

    private static final List<Delivery> DELIVERIES = List.of(new Delivery("fixed", CONNECTIONS_PER_SLOT),
            new Delivery("aimd", 0));

    private Progress progress;

    @Test
    void measureCeiling() throws Exception {
        List<String> context = new ArrayList<>(List.of(
                "date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                "machine: " + Machine.description() + ", load average at start " + Machine.loadAverage()));
        progress = new Progress(1 + CONCURRENCIES.size() * (1 + DELIVERIES.size()));
        List<List<String>> rows = new ArrayList<>();
        try (Pipeline lab = Pipeline.start(PAYLOAD_BYTES, FASTEST)) {
            try {
                warmUp(lab);
                for (int concurrency : CONCURRENCIES) {
                    ConsumerSetting setting = ConsumerSetting.of(concurrency, PROCESSING_MS);
                    double ceiling = ceiling(lab, setting);
                    for (Delivery delivery : DELIVERIES) {
                        Pipeline.Window window = pipeline(lab, setting, delivery);
                        rows.add(List.of(Integer.toString(concurrency), delivery.label(concurrency),
                                number(setting.nominalPerSecond(), 0), number(ceiling, 0), number(window.producedPerSecond(), 0),
                                number(window.goodputPerSecond(), 0), number(window.goodputPerSecond() / ceiling, 2),
                                number(window.goodputPerSecond() / setting.nominalPerSecond(), 2),
                                window.limitMin() == window.limitMax() ? Integer.toString(window.limitMin())
                                        : window.limitMin() + "–" + window.limitMax()));
                    }
                }
                lab.rest("the last measurement");
            } catch (RuntimeException e) {
                lab.requireAlive("during the run", e);
                throw e;
            }
            context.add("load average at end " + Machine.loadAverage() + ", run time " + progress.elapsed().toSeconds() + " s");
            context.add("JVM: " + Machine.jvm() + ", the same java for both services and the load client");
            context.add(("settings: consumer processing_time_ms %d; payload_bytes %d; queue_mode bounded, max_queue_size %d; "
                    + "production_rate %d/s (the producer's maximum) plus POST /produce bursts of %d every %d ms; warm-up %d s; "
                    + "ceiling %d s after %d s ramp-up, %d connections per slot; pipeline settle %d s, window %d s "
                    + "(-Dlab.benchmark.ceiling.*-seconds)").formatted(PROCESSING_MS, PAYLOAD_BYTES, MAX_QUEUE_SIZE,
                    MAX_PRODUCTION_RATE, BURST, BURST_INTERVAL.toMillis(), WARM_UP.toSeconds(), CEILING_WINDOW.toSeconds(),
                    CEILING_RAMP_UP.toSeconds(), CONNECTIONS_PER_SLOT, SETTLE.toSeconds(), WINDOW.toSeconds()));
            context.add("goodput = the consumer's processed/s in the window; books: the accounting identities held after "
                    + "every window, and the consumer's processed equalled the producer's sent plus the load client's "
                    + "items at each of " + lab.balancedRests() + " rests; every burst in every window was partly "
                    + "rejected, so the queue was full at each");
        }
        ResultTable table = new ResultTable("ceiling", "The pipeline's ceiling at 1 ms per item",
                List.of("concurrency", "delivery", "nominal/s", "consumer's own ceiling/s", "produced/s", "goodput/s",
                        "goodput ÷ ceiling", "goodput ÷ nominal", "delivery limit min–max"), 2, rows);
        System.out.println(table.markdown());
        ResultsReport.write(LabService.repositoryRoot().resolve("benchmarks/results"), "pipeline-ceiling",
                "# The pipeline's ceiling\n\nWritten by `PipelineCeilingBenchmark`; see docs/benchmarks.md.\n\n"
                        + ResultsReport.contextList(context) + "\n\n" + table.markdown(),
                ResultTable.CSV_HEADER + "\n" + table.csv());
    }

    /** The services and the load client compile their hot paths before the first measurement, as in {@link DeliveryBenchmark}. */
    private void warmUp(Pipeline lab) throws InterruptedException {
        progress.step("warm-up of the services and the load client at " + FASTEST.label());
        lab.rest("start-up");
        lab.consumerTo(FASTEST, Pipeline.UNLIMITED_WAITING);
        Map<String, Object> config = new LinkedHashMap<>(Map.of("queue_mode", "drop_oldest",
                "production_rate", MAX_PRODUCTION_RATE, "delivery_limit", "aimd", "producing", true));
        lab.producerTo(config);
        Thread.sleep(WARM_UP);
        lab.rest("the warm-up");
        lab.ceiling(FASTEST, CONNECTIONS_PER_SLOT * FASTEST.concurrency(), WARM_UP, CEILING_WINDOW);
    }

    private double ceiling(Pipeline lab, ConsumerSetting setting) throws InterruptedException {
        int connections = CONNECTIONS_PER_SLOT * setting.concurrency();
        progress.step("the consumer's own ceiling at " + setting.label() + ", " + connections + " connections");
        lab.rest("the step before the ceiling at " + setting.label());
        CeilingClient.Ceiling ceiling = lab.ceiling(setting, connections, CEILING_RAMP_UP, CEILING_WINDOW);
        if (ceiling.failures() > 0) {
            throw new InvalidRun("the consumer at " + setting.label() + " answered " + ceiling.failures()
                    + " valid items from the load client with other than 200, first: " + ceiling.firstFailure());
        }
        progress.phase(number(ceiling.processedPerSecond(), 0) + "/s");
        return ceiling.processedPerSecond();
    }

    private Pipeline.Window pipeline(Pipeline lab, ConsumerSetting setting, Delivery delivery)
            throws InterruptedException, ExecutionException {
        String where = "the pipeline at " + setting.label() + " with " + delivery.label(setting.concurrency());
        progress.step(where + ", " + number(MAX_PRODUCTION_RATE + BURST * MILLIS_PER_SECOND / BURST_INTERVAL.toMillis(), 0)
                + "/s offered into bounded " + MAX_QUEUE_SIZE);
        lab.rest("the step before " + where);
        lab.consumerTo(setting, Pipeline.UNLIMITED_WAITING);
        Map<String, Object> config = delivery.config(setting.concurrency());
        config.put("queue_mode", "bounded");
        config.put("max_queue_size", MAX_QUEUE_SIZE);
        config.put("production_rate", MAX_PRODUCTION_RATE);
        config.put("producing", true);
        lab.producerTo(config);
        AtomicBoolean feeding = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        List<String> roomyBursts = new ArrayList<>();
        Pipeline.Window window;
        try (ExecutorService feeder = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> fed = feeder.submit(() -> {
                long next = System.nanoTime();
                while (feeding.get()) {
                    Pipeline.Burst burst = lab.produce(BURST);
                    if (measuring.get() && burst.rejected() == 0) {
                        synchronized (roomyBursts) {
                            roomyBursts.add(burst.accepted() + " accepted");
                        }
                    }
                    next += BURST_INTERVAL.toNanos();
                    Thread.sleep(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
                }
                return null;
            });
            try {
                progress.phase("settling " + SETTLE.toSeconds() + " s");
                Thread.sleep(SETTLE);
                progress.phase("window " + WINDOW.toSeconds() + " s");
                measuring.set(true);
                window = lab.window(WINDOW, "in " + where);
                measuring.set(false);
            } finally {
                feeding.set(false);
            }
            fed.get();
        }
        if (!roomyBursts.isEmpty()) {
            throw new InvalidRun("the backlog did not stand in " + where + ": " + roomyBursts.size()
                    + " bursts of " + BURST + " in the window found room for all their items");
        }
        progress.phase("goodput " + number(window.goodputPerSecond(), 0) + "/s");
        return window;
    }

    private static Duration seconds(String name, long defaultSeconds) {
        return Duration.ofSeconds(Long.getLong("lab.benchmark.ceiling." + name + "-seconds", defaultSeconds));
    }
}
