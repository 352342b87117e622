package lab.backpressure.labtests.benchmark.mode;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import lab.backpressure.labtests.benchmark.BucketQuantile;
import lab.backpressure.labtests.benchmark.Machine;
import lab.backpressure.labtests.support.Lab;
import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.PrometheusScrape;
import lab.backpressure.labtests.support.ServiceProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.awaitility.Awaitility.await;

/**
 * Puts numbers on the handout's comparison: the same overload (30 items/s into a consumer slowed
 * to 10/s) met by each queue mode in turn, for a fixed window each. It measures rather than
 * checks, so it is tagged {@code benchmark} and only the {@code benchmark} Maven profile runs it;
 * the one thing it insists on is that the producer's books balance after every window, because
 * numbers from a producer that loses items uncounted would mean nothing.
 *
 * <p>Time is compressed fivefold against the handout (20 ms per item instead of 100 ms) so that a
 * window of tens of seconds moves hundreds of items. Window and warm-up are system properties:
 * {@code -Dlab.benchmark.window-seconds=40 -Dlab.benchmark.warmup-seconds=10}.
 */
@Tag("benchmark")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ModeComparisonBenchmark {

    private static final int PROCESSING_TIME_MS = 20;
    private static final int SLOW_DOWN_FACTOR = 5;
    private static final int PRODUCTION_RATE = 30;
    private static final int PAYLOAD_BYTES = 16 * 1024;
    private static final int MAX_QUEUE_SIZE = 100;
    /** The slowed consumer's nominal capacity: 1000 / (20 ms × 5). */
    private static final int RATE_LIMIT = 1000 / (PROCESSING_TIME_MS * SLOW_DOWN_FACTOR);
    private static final List<String> MODES = List.of("unbounded", "bounded", "rate_limited");

    private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("lab.benchmark.window-seconds", 40));
    /** JIT-compiles both services at full speed first, so the first mode is not measured on a cold JVM. */
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("lab.benchmark.warmup-seconds", 10));
    /** Often enough to catch the queue's peak, rarely enough not to load a 2-core machine. */
    private static final Duration QUEUE_SAMPLE_INTERVAL = Duration.ofMillis(250);

    @Test
    void compareQueueModes() throws Exception {
        List<String> context = new ArrayList<>(List.of(
                "date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                "machine: " + Machine.description() + ", load average at start " + Machine.loadAverage()));
        try (Lab lab = Lab.start(ServiceProcess.of(LabService.CONSUMER)
                        .property("lab.consumer.processing-time-ms", PROCESSING_TIME_MS),
                ServiceProcess.of(LabService.PRODUCER)
                        .property("lab.producer.production-rate", PRODUCTION_RATE)
                        .property("lab.producer.payload-bytes", PAYLOAD_BYTES)
                        .property("lab.producer.modes.bounded.max-queue-size", MAX_QUEUE_SIZE)
                        .property("lab.producer.modes.rate-limited.rate-limit", RATE_LIMIT))) {
            ServiceProcess consumer = lab.consumer();
            ServiceProcess producer = lab.producer();
            Thread.sleep(WARM_UP);
            LabHttp.postJson(consumer.baseUrl() + "/admin/slow-down", "{\"factor\":" + SLOW_DOWN_FACTOR + "}");

            List<ModeResult> results = new ArrayList<>();
            for (String mode : MODES) {
                ModeResult result = measure(mode, producer, consumer);
                System.out.println("measured " + result);
                results.add(result);
            }

            context.add("load average at end " + Machine.loadAverage());
            context.add("settings: consumer processing_time_ms " + PROCESSING_TIME_MS + " slowed ×" + SLOW_DOWN_FACTOR
                    + " (nominal " + RATE_LIMIT + "/s, concurrency 1); producer production_rate " + PRODUCTION_RATE
                    + "/s, payload_bytes " + PAYLOAD_BYTES + ", max_queue_size " + MAX_QUEUE_SIZE + ", rate_limit "
                    + RATE_LIMIT + "/s, default delivery concurrency; window " + WINDOW.toSeconds() + " s per mode after "
                    + WARM_UP.toSeconds() + " s warm-up at full consumer speed; queue cleared before each window");
            context.add("JVM: " + Machine.jvm() + ", the same java for both services");
            String table = ModeResult.table(results);
            System.out.println(table);
            ModeResult.write(LabService.repositoryRoot().resolve("benchmarks/results"), context, results);
        }
    }

    private static ModeResult measure(String mode, ServiceProcess producer, ServiceProcess consumer)
            throws InterruptedException {
        LabHttp.postJson(producer.baseUrl() + "/admin/config", "{\"queue_mode\":\"" + mode + "\"}");
        LabHttp.postJson(producer.baseUrl() + "/admin/clear-queue", null);
        awaitPreviousModesItemsDelivered(producer);

        ProducerStatus statusBefore = ProducerStatus.of(producer);
        PrometheusScrape producerBefore = PrometheusScrape.of(producer);
        PrometheusScrape consumerBefore = PrometheusScrape.of(consumer);
        long start = System.nanoTime();
        long deadline = start + WINDOW.toNanos();
        long maxQueueSize = statusBefore.size();
        while (System.nanoTime() < deadline) {
            Thread.sleep(Math.min(QUEUE_SAMPLE_INTERVAL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            maxQueueSize = Math.max(maxQueueSize, ProducerStatus.of(producer).size());
        }
        ProducerStatus statusAfter = ProducerStatus.of(producer);
        double seconds = (System.nanoTime() - start) / 1e9;
        PrometheusScrape producerAfter = PrometheusScrape.of(producer);
        PrometheusScrape consumerAfter = PrometheusScrape.of(consumer);

        // the identities hold at every instant, so also at the end of the window
        statusAfter.assertIdentities();
        var queueWait = BucketQuantile.delta("producer_queue_wait_seconds", producerBefore, producerAfter);
        var endToEnd = BucketQuantile.delta("consumer_end_to_end_latency_seconds", consumerBefore, consumerAfter);
        return new ModeResult(mode, seconds,
                (statusAfter.produced() - statusBefore.produced()) / seconds,
                (statusAfter.sent() - statusBefore.sent()) / seconds,
                (consumerAfter.sum("consumer_items_processed_total") - consumerBefore.sum("consumer_items_processed_total")) / seconds,
                (statusAfter.rejected() - statusBefore.rejected()) / seconds,
                statusAfter.dropped() - statusBefore.dropped(),
                Math.max(maxQueueSize, statusAfter.size()),
                statusAfter.size(),
                statusAfter.memoryMb(),
                statusAfter.heapUsedMb(),
                BucketQuantile.quantile(0.5, queueWait),
                BucketQuantile.quantile(0.99, queueWait),
                BucketQuantile.quantile(0.5, endToEnd),
                BucketQuantile.quantile(0.99, endToEnd),
                producerAfter.sum("producer_rate_limit_wait_seconds_sum")
                        - producerBefore.sum("producer_rate_limit_wait_seconds_sum"));
    }

    /**
     * The clear leaves the items already in the delivery workers' hands; they were queued under the
     * previous mode, and counting their latency here would blur this mode's. Their answers take
     * well under a second even from the slowed consumer.
     */
    private static void awaitPreviousModesItemsDelivered(ServiceProcess producer) {
        ProducerStatus atClear = ProducerStatus.of(producer);
        long settledAfter = settled(atClear) + atClear.inFlight();
        await().atMost(Duration.ofSeconds(30)).until(() -> settled(ProducerStatus.of(producer)) >= settledAfter);
    }

    private static long settled(ProducerStatus status) {
        return status.sent() + status.failed();
    }
}
