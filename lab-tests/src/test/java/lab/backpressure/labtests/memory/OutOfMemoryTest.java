package lab.backpressure.labtests.memory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.Observation;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.ReservedPort;
import lab.backpressure.labtests.support.ServiceProcess;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handout's Exercise 3 and its first key takeaway, "unbounded queues are a time bomb", made
 * fast: a producer with a small heap, no consumer to take its items, and a high production rate.
 * Unbounded, the queue must exhaust the heap and the producer must die of it, with or without the
 * JVM flag the lab's containers use. Bounded, the same load must leave it running with a flat heap.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OutOfMemoryTest {

    private static final String SMALL_HEAP = "-Xmx64m";
    /** What the lab's containers run the producer with, so that a full heap ends the process at once. */
    private static final String EXIT_ON_OUT_OF_MEMORY = "-XX:+ExitOnOutOfMemoryError";
    private static final int HIGH_RATE = 1000;
    private static final int PAYLOAD_BYTES = 16 * 1024;
    private static final int MAX_QUEUE_SIZE = 100;
    /** Honest per-item memory: at most the payload as UTF-16 plus the item's object overhead. */
    private static final long MAX_ITEM_BYTES = 2L * PAYLOAD_BYTES + 1024;
    private static final long MIB = 1024 * 1024;

    private static final Duration DEATH_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration BOUNDED_WINDOW = Duration.ofSeconds(20);
    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(500);
    /** How far the heap left after garbage collection may drift in the bounded run: a quarter of the heap. */
    private static final double HEAP_DRIFT_MB = 16;

    private final ReservedPort noConsumer = ReservedPort.any();

    @AfterEach
    void releaseTheConsumerPort() {
        noConsumer.close();
    }

    @Test
    void unboundedQueueRunsTheProducerOutOfMemory() throws InterruptedException {
        try (ServiceProcess producer = starvedProducer(EXIT_ON_OUT_OF_MEMORY)) {
            produceFast(producer);

            assertDiesOfOutOfMemory(producer);
        }
    }

    /** The producer halts itself when its own threads hit OutOfMemoryError, instead of living on half-broken. */
    @Test
    void producerHaltsOnOutOfMemoryWithoutTheJvmFlag() throws InterruptedException {
        try (ServiceProcess producer = starvedProducer()) {
            produceFast(producer);

            assertDiesOfOutOfMemory(producer);
        }
    }

    @Test
    void boundedQueueKeepsTheHeapFlatUnderTheSameLoad() {
        try (ServiceProcess producer = starvedProducer(EXIT_ON_OUT_OF_MEMORY)) {
            LabHttp.postJson(producer.baseUrl() + "/admin/config", """
                    {"queue_mode": "bounded", "max_queue_size": %d}""".formatted(MAX_QUEUE_SIZE));
            produceFast(producer);

            Observation watched = Observation.watch(producer, BOUNDED_WINDOW, SAMPLE_INTERVAL);

            assertThat(producer.isAlive()).as("the producer survives the load:\n%s", producer.log()).isTrue();
            ProducerStatus last = watched.last();
            last.assertIdentities();
            // every promise checked, so that one broken promise does not hide another
            SoftAssertions.assertSoftly(softly -> {
                softly.assertThat(watched.values(ProducerStatus::size)).as("queue sizes")
                        .allMatch(size -> size <= MAX_QUEUE_SIZE);
                softly.assertThat(watched.values(ProducerStatus::memoryBytes)).as("queue memory_bytes")
                        .allMatch(bytes -> bytes <= MAX_QUEUE_SIZE * MAX_ITEM_BYTES);
                long producedBytes = (last.produced() - watched.first().produced()) * PAYLOAD_BYTES;
                softly.assertThat(producedBytes).as("payload produced in the window: more than the heap could hold twice over")
                        .isGreaterThan(2 * (long) (last.heapMaxMb() * MIB));
                softly.assertThat(last.rejected()).as("the full queue rejects the excess")
                        .isGreaterThan(watched.first().rejected());
                softly.check(() -> assertHeapStaysFlat(watched.decimals(ProducerStatus::heapUsedMb)));
            });
        }
    }

    /** A small-heap producer whose consumer never answers: its port is held, and nothing listens there. */
    private ServiceProcess starvedProducer(String... jvmOptions) {
        ServiceProcess.Builder producer = ServiceProcess.of(LabService.PRODUCER)
                .jvmOption(SMALL_HEAP)
                .property("lab.producer.consumer-url", noConsumer.url())
                .property("lab.producer.payload-bytes", PAYLOAD_BYTES);
        for (String option : jvmOptions) {
            producer.jvmOption(option);
        }
        return producer.startReady();
    }

    /** The handout's "increase production rate" of Exercise 3, turned up to fill a small heap in seconds. */
    private static void produceFast(ServiceProcess producer) {
        LabHttp.postJson(producer.baseUrl() + "/admin/config", """
                {"production_rate": %d}""".formatted(HIGH_RATE));
    }

    private static void assertDiesOfOutOfMemory(ServiceProcess producer) throws InterruptedException {
        Optional<Integer> exitCode = producer.awaitExit(DEATH_TIMEOUT);
        assertThat(exitCode).as("the producer ends by itself within %s; log %s", DEATH_TIMEOUT, producer.logFile())
                .isPresent();
        assertThat(exitCode.orElseThrow()).as("exit code").isNotZero();
        assertThat(producer.log()).as("the log says why").contains("OutOfMemoryError", "Java heap space");
    }

    /**
     * The heap right after a collection is what the application holds; between collections the
     * heap also holds garbage. The lowest reading of each quarter of the window approximates the
     * former, and must not climb from the first quarter to the last.
     */
    private static void assertHeapStaysFlat(List<Double> heapUsedMb) {
        int quarter = heapUsedMb.size() / 4;
        double firstQuarterLow = heapUsedMb.subList(0, quarter).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double lastQuarterLow = heapUsedMb.subList(heapUsedMb.size() - quarter, heapUsedMb.size()).stream()
                .mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(lastQuarterLow).as("heap used after collections, readings %s", heapUsedMb)
                .isLessThanOrEqualTo(firstQuarterLow + HEAP_DRIFT_MB);
    }
}
