package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.function.BiConsumer;

import lab.backpressure.lab.run.LabEndpoints;
import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.labtests.support.CompressedStart;
import lab.backpressure.labtests.support.ConsumerStatus;
import lab.backpressure.labtests.support.Lab;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.PrometheusScrape;
import lab.backpressure.labtests.support.ServiceProcess;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two services of a walkthrough, started by the one launcher ({@link Lab}), and the exercises' requests against
 * them. It counts what the walk clears from the queue, the only loss a lossless queue
 * mode may show, so that a walk can account in the end for every item ever produced.
 */
final class RunningLab implements AutoCloseable {

    private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);
    /** Time allowed on top of a window for slow status calls on a busy machine. */
    private static final Duration SLACK = Duration.ofSeconds(30);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);

    private final Lab lab;
    private final ServiceProcess consumer;
    private final ServiceProcess producer;
    private long cleared;

    private RunningLab(Lab lab) {
        this.lab = lab;
        this.consumer = lab.consumer();
        this.producer = lab.producer();
    }

    /**
     * A walk's own numbers, not the handout's compressed: the consumer's processing time and the producer's rate,
     * every other setting at its default. The producer is idle until its consumer is ready, as the compose file has it
     * wait for a healthy consumer.
     */
    static RunningLab start(int processingTimeMs, int productionRate) {
        RunningLab lab = new RunningLab(Lab.start(
                ServiceProcess.of(LabService.CONSUMER).property("lab.consumer.processing-time-ms", processingTimeMs),
                ServiceProcess.of(LabService.PRODUCER).property("lab.producer.production-rate", productionRate)
                        .property("lab.producer.producing", false)));
        lab.resumeProduction();
        return lab;
    }

    /**
     * The handout's lab {@code scale} times faster ({@link CompressedStart}), producing from the start: a scenario
     * run resets the lab to its start-up settings ({@code POST /admin/reset}), and there the generator must be on, as
     * in the handout.
     */
    static RunningLab compressed(TimeScale scale) {
        return new RunningLab(Lab.start(CompressedStart.consumer(scale), CompressedStart.producer(scale)));
    }

    /** The same, with one start-up property of the producer's set otherwise. */
    static RunningLab compressed(TimeScale scale, String producerProperty, Object value) {
        return new RunningLab(Lab.start(CompressedStart.consumer(scale),
                CompressedStart.producer(scale).property(producerProperty, value)));
    }

    /** Both services on a Kafka broker ({@link Lab#startOnKafka}), as their builders have them otherwise. */
    static RunningLab onKafka(String bootstrapServers, ServiceProcess.Builder consumer,
                              ServiceProcess.Builder producer) {
        return new RunningLab(Lab.startOnKafka(bootstrapServers, consumer, producer));
    }

    LabEndpoints endpoints() {
        return lab.endpoints();
    }

    ServiceProcess producer() {
        return producer;
    }

    ServiceProcess consumer() {
        return consumer;
    }

    /** {@code POST :8000/admin/config}, answered with the whole config showing what the body set. */
    JsonNode configureProducer(String body) {
        return HandoutCurl.config(producer.baseUrl() + "/admin/config", body);
    }

    /** {@code POST :8001/admin/config}, answered with the whole config showing what the body set. */
    JsonNode configureConsumer(String body) {
        return HandoutCurl.config(consumer.baseUrl() + "/admin/config", body);
    }

    /** {@code POST :8001/admin/slow-down}; answers the consumer's capacity now. */
    double slowTheConsumerDown(int factor) {
        return HandoutCurl.post(consumer.baseUrl() + "/admin/slow-down", """
                {"factor": %d}""".formatted(factor)).required("capacity_per_second").doubleValue();
    }

    /** {@code POST :8000/admin/clear-queue}, the one loss a walk allows itself, counted. */
    long clearTheQueue() {
        long removed = HandoutCurl.post(producer.baseUrl() + "/admin/clear-queue").required("cleared").longValue();
        cleared += removed;
        return removed;
    }

    ProducerStatus status() {
        return ProducerStatus.of(producer);
    }

    ConsumerStatus consumerStatus() {
        return ConsumerStatus.of(consumer);
    }

    /**
     * Lets a change take effect for {@code settle}, then watches both services for {@code length}: every reading's
     * books are checked, and {@code everyReading} with it, failing at the first reading that breaks it.
     */
    Window watch(Duration settle, Duration length, BiConsumer<ProducerStatus, ConsumerStatus> everyReading) {
        pause(settle);
        PrometheusScrape metricsBefore = PrometheusScrape.of(consumer);
        long start = System.nanoTime();
        await("watching the lab for " + length).atMost(length.plus(SLACK)).pollDelay(Duration.ZERO)
                .pollInterval(WATCH_INTERVAL).pollInSameThread()
                .until(() -> {
                    ProducerStatus reading = status();
                    reading.assertIdentities();
                    everyReading.accept(reading, consumerStatus());
                    return System.nanoTime() - start >= length.toNanos();
                });
        return new Window(metricsBefore, PrometheusScrape.of(consumer));
    }

    /** The consumer's metrics on either side of a watched window. */
    record Window(PrometheusScrape consumerMetricsBefore, PrometheusScrape consumerMetricsAfter) {

        /** How much a consumer counter grew, over the series with all these labels (none: 0). */
        double consumerMetric(String counter, String... labels) {
            return consumerMetricsAfter.find(counter, labels).orElse(0)
                    - consumerMetricsBefore.find(counter, labels).orElse(0);
        }
    }

    /**
     * Stops the generator, waits for the consumer (which the caller has healed) to take the whole queue, and
     * accounts for every item produced since the start: none rejected, none failed for good, none dropped but
     * what the walk cleared, every other one sent; and the consumer processed exactly the items the producer
     * counts sent, since a shed or a failed attempt is neither. Then the generator resumes.
     */
    void assertEveryItemDeliveredOnceDrained() {
        configureProducer("""
                {"producing": false}""");
        await("the queue drains").atMost(DRAIN_TIMEOUT).pollInterval(WATCH_INTERVAL)
                .until(() -> {
                    ProducerStatus status = status();
                    return status.size() == 0 && status.inFlight() == 0;
                });
        ProducerStatus drained = status();
        drained.assertIdentities();
        assertThat(drained.rejected()).as("rejected in %s", drained.json()).isZero();
        assertThat(drained.failed()).as("failed for good in %s", drained.json()).isZero();
        assertThat(drained.dropped()).as("dropped: only what the walk cleared").isEqualTo(cleared);
        assertThat(drained.sent()).as("every item produced and not cleared is sent").isEqualTo(drained.produced() - cleared);
        assertThat(consumerStatus().processed()).as("the consumer processed each sent item once")
                .isEqualTo(drained.sent());
        resumeProduction();
    }

    private void resumeProduction() {
        configureProducer("""
                {"producing": true}""");
    }

    /** A pause for a change to take effect before it is measured; never an assertion about time. */
    static void pause(Duration settle) {
        try {
            Thread.sleep(settle);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        lab.close();
    }
}
