package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.Observation;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.PrometheusScrape;
import lab.backpressure.labtests.support.ReservedPort;
import lab.backpressure.labtests.support.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Walks the handout (Exercises 1, 2, 4, 5, 6 and the advanced burst and consumer-failure
 * experiments) against the real producer and consumer jars, sending the handout's requests with
 * the handout's bodies, and checks that each exercise shows what the handout promises.
 *
 * <p>Time is compressed tenfold so the walk takes one to three minutes, depending on the machine's
 * load: the consumer needs 10 ms per item instead of 100 ms. Every item also costs an HTTP round
 * trip, a rounding error next to the handout's 100 ms but not next to 10 ms: on a busy 2-core machine
 * the consumer then manages 40 to 55 items/s, not 100. So the producer runs at 30 items/s, comfortably
 * below that, and the consumer slowed down five times as in the handout (20/s at best, 13 to 17/s
 * measured) falls well behind it. The handout's numbers of items (max 100, bursts of 1000) are kept;
 * its "small" queue is scaled with the rate (see {@link #SMALL_QUEUE_PRODUCTION}).
 * The exercises run in the handout's order and share the two processes, as a learner's terminal
 * does; after each one the producer's books must balance.
 *
 * <p>An exercise is one test method: the README's requests through {@link #configureProducer},
 * {@link #configureConsumer}, {@link #clearTheQueue} and {@link #produceTheBurst} (each checks the
 * answer the README promises), an {@link Observation} of the producer over the exercise's window,
 * the exercise's promises about it, and {@link #assertTheBooksBalance}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HandoutWalkthroughTest {

    private static final int PROCESSING_TIME_MS = 10;
    private static final int CONSUMER_CAPACITY_PER_SECOND = 1000 / PROCESSING_TIME_MS;
    private static final int PRODUCTION_RATE = 30;
    private static final int SLOW_DOWN_FACTOR = 5;
    private static final int SLOWED_CAPACITY_PER_SECOND = CONSUMER_CAPACITY_PER_SECOND / SLOW_DOWN_FACTOR;
    private static final int MAX_QUEUE_SIZE = 100;
    /**
     * The handout limits the producer to its slowed consumer's 2/s, which that consumer really
     * achieves. Here the slowed consumer's 20/s is nominal and the round trip eats into it, so the
     * limit is half of it, safely below what the consumer manages even on a busy machine.
     */
    private static final int RATE_LIMIT = SLOWED_CAPACITY_PER_SECOND / 2;
    /** The handout's default production rate. */
    private static final int ADVANCED_PRODUCTION_RATE = 10;
    private static final int BURST = 1000;
    /** How far below max_size a full queue may dip between a delivery taking an item and the producer refilling it. */
    private static final int PLATEAU_WOBBLE_ITEMS = 10;

    /**
     * The handout's "stays small" is "under 20 items", two seconds of its producer's 10 items/s. The
     * walk keeps that meaning at its own rates: a queue is small while it holds less than two seconds
     * of production, which absorbs the second or so a busy machine may stall the consumer for.
     */
    private static final Duration SMALL_QUEUE_PRODUCTION = Duration.ofSeconds(2);
    /**
     * Slack for the objects around a payload, generous on purpose: this test only bounds {@code memory_mb} from
     * above (payload as UTF-16 plus this), unlike the producer's exact 112-byte {@code ItemQueue.ITEM_OVERHEAD_BYTES}.
     */
    private static final long ITEM_OBJECTS_ALLOWANCE_BYTES = 1024;

    private static final Duration WATCH = Duration.ofSeconds(6);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(500);
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(90);

    private ServiceProcess consumer;
    private ServiceProcess producer;
    private long payloadBytes;
    /** Items the producer had sent before the running consumer started, which that consumer never saw. */
    private long sentBeforeThisConsumer;

    /**
     * Starts the producer as soon as the consumer listens (the producer needs its URL), to overlap the
     * two start-ups, and keeps the producer idle until its consumer is ready, as the lab's compose file
     * has it wait for a healthy consumer.
     */
    @BeforeAll
    void startTheLab() {
        consumer = consumer().start();
        producer = ServiceProcess.of(LabService.PRODUCER)
                .property("lab.producer.consumer-url", consumer.baseUrl())
                .property("lab.producer.production-rate", PRODUCTION_RATE)
                .property("lab.producer.producing", false)
                .start();
        consumer.awaitReady();
        producer.awaitReady();
        configureProducer("""
                {"producing": true}""");
        payloadBytes = HandoutCurl.get(producer.baseUrl() + "/admin/config").required("payload_bytes").longValue();
    }

    @AfterAll
    void stopTheLab() {
        if (producer != null) {
            producer.close();
        }
        if (consumer != null) {
            consumer.close();
        }
    }

    @Test
    @Order(1)
    void exercise1BalancedSystemKeepsTheQueueSmall() {
        JsonNode initial = HandoutCurl.get(producer.baseUrl() + "/status");
        assertThat(initial.required("service").asString()).isEqualTo("producer");
        assertThat(initial.required("production_rate").doubleValue()).isEqualTo(PRODUCTION_RATE);
        assertThat(initial.required("producing").booleanValue()).isTrue();
        assertThat(initial.requiredAt("/queue/mode").asString()).isEqualTo("unbounded");
        assertThat(initial.requiredAt("/queue/max_size").isNull()).isTrue();
        assertThat(initial.requiredAt("/consumer/url").asString()).isEqualTo(consumer.baseUrl());

        // freshly started JVMs deliver slowly until the JIT has compiled the delivery path
        Observation watched = watchTheQueueStaySmallWhileTheConsumerKeepsUp(WARM_UP_TIMEOUT);

        assertThat(watched.ratePerSecond(ProducerStatus::produced)).as("produced per second")
                .isCloseTo(PRODUCTION_RATE, within(PRODUCTION_RATE * 0.4));
        assertTheBooksBalance();
    }

    @Test
    @Order(2)
    void exercise2SlowConsumerMakesTheQueueGrow() {
        HandoutCurl.post(consumer.baseUrl() + "/admin/slow-down", """
                {"factor": 5}""");
        JsonNode consumerStatus = HandoutCurl.get(consumer.baseUrl() + "/status");
        assertThat(consumerStatus.required("slowdown_factor").doubleValue()).isEqualTo(SLOW_DOWN_FACTOR);
        assertThat(consumerStatus.required("effective_processing_time_ms").doubleValue())
                .isEqualTo(PROCESSING_TIME_MS * SLOW_DOWN_FACTOR);
        assertThat(consumerStatus.required("capacity_per_second").doubleValue()).isEqualTo(SLOWED_CAPACITY_PER_SECOND);

        Observation watched = Observation.watch(producer, WATCH, Duration.ofSeconds(1));

        List<Long> sizes = watched.values(ProducerStatus::size);
        // compared two seconds apart: a second's stall of either JVM on a busy machine may flatten one step
        for (int i = 2; i < sizes.size(); i++) {
            assertThat(sizes.get(i)).as("queue sizes keep growing: %s", sizes).isGreaterThan(sizes.get(i - 2));
        }
        assertThat(watched.ratePerSecond(ProducerStatus::size))
                .as("queue growth per second: the producer's %d/s minus the slowed consumer's pace, sizes %s",
                        PRODUCTION_RATE, sizes)
                .isBetween(0.5 * (PRODUCTION_RATE - SLOWED_CAPACITY_PER_SECOND), (double) PRODUCTION_RATE);
        assertThat(watched.ratePerSecond(ProducerStatus::sent)).as("sent per second: the slowed consumer's pace")
                .isLessThanOrEqualTo(SLOWED_CAPACITY_PER_SECOND * 1.2);
        assertThat(watched.last().memoryMb()).as("memory_mb grows with the queue")
                .isGreaterThan(watched.first().memoryMb());
        assertHonestQueueMemory(watched.last());
        assertTheBooksBalance();
    }

    @Test
    @Order(3)
    void exercise4BoundedQueuePlateausAndRejects() {
        configureProducer("""
                {"production_rate": %d}""".formatted(PRODUCTION_RATE));
        clearTheQueue();
        configureProducer("""
                {"queue_mode": "bounded", "max_queue_size": 100}""");

        await("the queue fills up to max_size").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> status().size() == MAX_QUEUE_SIZE);
        Observation watched = Observation.watch(producer, WATCH, Duration.ofMillis(250));

        assertThat(watched.statuses()).allSatisfy(status -> {
            assertThat(status.mode()).isEqualTo("bounded");
            assertThat(status.maxSize()).isEqualTo(MAX_QUEUE_SIZE);
            assertThat(status.size()).isLessThanOrEqualTo(MAX_QUEUE_SIZE);
            assertThat(status.memoryBytes()).as("memory stays bounded")
                    .isLessThanOrEqualTo(MAX_QUEUE_SIZE * maxItemBytes());
        });
        List<Long> memory = watched.values(ProducerStatus::memoryBytes);
        assertThat(Collections.max(memory) - Collections.min(memory)).as("memory stays stable: %s", memory)
                .isLessThanOrEqualTo(PLATEAU_WOBBLE_ITEMS * maxItemBytes());
        assertThat(watched.ratePerSecond(ProducerStatus::produced)).as("produced per second: bounded does not slow the producer")
                .isCloseTo(PRODUCTION_RATE, within(PRODUCTION_RATE * 0.4));
        assertThat(watched.ratePerSecond(ProducerStatus::rejected)).as("rejected per second once full")
                .isGreaterThanOrEqualTo(0.5 * (PRODUCTION_RATE - SLOWED_CAPACITY_PER_SECOND));
        ProducerStatus beforeScrape = status();
        PrometheusScrape metrics = PrometheusScrape.of(producer);
        ProducerStatus afterScrape = status();
        // no step of the walk before this one rejects, so every rejection so far is the full queue's
        assertThat(metrics.sum("producer_items_rejected_total", "reason=\"full\""))
                .as("producer_items_rejected_total{reason=\"full\"} against /status's totals.rejected")
                .isBetween((double) beforeScrape.rejected(), (double) afterScrape.rejected());
        assertThat(metrics.sum("producer_queue_capacity")).isEqualTo(MAX_QUEUE_SIZE);

        JsonNode burst = produceTheBurst();
        assertThat(burst.required("accepted").longValue()).as("a full bounded queue takes at most its free room")
                .isLessThanOrEqualTo(MAX_QUEUE_SIZE);
        assertThat(burst.required("rejected").longValue()).isGreaterThanOrEqualTo(BURST - MAX_QUEUE_SIZE);
        assertTheBooksBalance();
    }

    @Test
    @Order(4)
    void exercise5RateLimitingThrottlesTheProducerWithoutLoss() {
        clearTheQueue();
        configureProducer("""
                {"queue_mode": "rate_limited", "rate_limit": %d}""".formatted(RATE_LIMIT));

        PrometheusScrape metricsBefore = PrometheusScrape.of(producer);
        long metricsBeforeNanos = System.nanoTime();
        Observation watched = Observation.watch(producer, WATCH.plus(SETTLE), WATCH_INTERVAL);
        PrometheusScrape metricsAfter = PrometheusScrape.of(producer);
        double metricsSeconds = (System.nanoTime() - metricsBeforeNanos) / 1e9;

        assertThat(watched.values(ProducerStatus::size)).as("queue sizes").allMatch(size -> size < smallQueue(RATE_LIMIT));
        assertThat(watched.last().rejected()).as("no rejections").isEqualTo(watched.first().rejected());
        assertThat(watched.last().dropped()).as("nothing dropped").isEqualTo(watched.first().dropped());
        assertThat(watched.ratePerSecond(ProducerStatus::produced, SETTLE)).as("produced per second: the limit")
                .isCloseTo(RATE_LIMIT, within(RATE_LIMIT * 0.35));
        assertThat(watched.ratePerSecond(ProducerStatus::sent, SETTLE)).as("sent per second: the consumer keeps up")
                .isCloseTo(RATE_LIMIT, within(RATE_LIMIT * 0.35));
        // producer_rate_limit_wait_seconds is a timer: one recording per permit the generator took, waited for or not
        assertThat(metricsAfter.sum("producer_rate_limit_wait_seconds_count")
                        - metricsBefore.sum("producer_rate_limit_wait_seconds_count"))
                .as("permits in producer_rate_limit_wait_seconds_count: one per item produced, give or take a second's")
                .isCloseTo(watched.last().produced() - watched.first().produced(), within((double) RATE_LIMIT));
        // the generator wants PRODUCTION_RATE items/s and gets RATE_LIMIT: it waits 1 - 10/30 = 2/3 of the time
        assertThat((metricsAfter.sum("producer_rate_limit_wait_seconds_sum")
                        - metricsBefore.sum("producer_rate_limit_wait_seconds_sum")) / metricsSeconds)
                .as("seconds per second the producer waited for permits, from producer_rate_limit_wait_seconds_sum")
                .isCloseTo(1 - (double) RATE_LIMIT / PRODUCTION_RATE, within(0.25));
        assertTheBooksBalance();
    }

    @Test
    @Order(5)
    void exercise6ResetReturnsToAHealthySystem() {
        configureConsumer("""
                {"processing_time_ms": %d}""".formatted(PROCESSING_TIME_MS));
        clearTheQueue();
        configureProducer("""
                {"queue_mode": "unbounded", "production_rate": %d}""".formatted(PRODUCTION_RATE));

        ProducerStatus reset = status();
        assertThat(reset.mode()).isEqualTo("unbounded");
        assertThat(reset.maxSize()).isNull();
        JsonNode consumerStatus = HandoutCurl.get(consumer.baseUrl() + "/status");
        assertThat(consumerStatus.required("slowdown_factor").doubleValue()).as("processing_time_ms clears the slow-down")
                .isEqualTo(1);
        assertThat(consumerStatus.required("capacity_per_second").doubleValue()).isEqualTo(CONSUMER_CAPACITY_PER_SECOND);

        watchTheQueueStaySmallWhileTheConsumerKeepsUp(RECOVERY_TIMEOUT);
        assertTheBooksBalance();
    }

    @Test
    @Order(6)
    void burstTrafficIsQueuedWhole() {
        useTheHandoutsDefaultRate();
        ProducerStatus before = status();

        JsonNode burst = produceTheBurst();

        assertThat(burst.required("accepted").longValue()).as("an unbounded queue takes the whole burst").isEqualTo(BURST);
        ProducerStatus after = status();
        assertThat(after.enqueued() - before.enqueued()).isGreaterThanOrEqualTo(BURST);
        assertThat(after.size()).as("the burst waits in the queue").isGreaterThan(BURST / 2);
        assertHonestQueueMemory(after);
        // draining a backlog is what the consumer-failure experiment shows; here the handout's own tool empties it
        clearTheQueue();
        assertTheBooksBalance();
    }

    @Test
    @Order(7)
    void consumerFailureKeepsTheItemsAndDrainsAfterRestart() {
        useTheHandoutsDefaultRate();
        awaitSmallQueue(ADVANCED_PRODUCTION_RATE, RECOVERY_TIMEOUT);
        int consumerPort = consumer.port();
        consumer.close();
        // The producer knows its consumer by this port. Held while the consumer is down, no other process
        // can take it; it is given back just before the consumer restarts.
        try (ReservedPort heldPort = ReservedPort.of(consumerPort)) {
            ProducerStatus outageStart = status();

            Observation outage = Observation.watch(producer, WATCH, WATCH_INTERVAL);

            assertThat(outage.values(ProducerStatus::sent)).as("nothing can be sent").containsOnly(outageStart.sent());
            assertThat(outage.last().failed()).as("no item is given up").isEqualTo(outageStart.failed());
            assertThat(outage.last().dropped()).as("no item is dropped").isEqualTo(outageStart.dropped());
            assertThat(outage.last().size()).as("the items produced meanwhile are kept in the queue")
                    .isGreaterThan(outageStart.size());
            assertThat(outage.last().consumerReachable()).isFalse();
            assertThat(outage.last().consumerLastError().isNull()).as("consumer.last_error").isFalse();
            assertThat(outage.last().consumerBackoffMs()).as("consumer.backoff_ms").isPositive();
            long attempts = outage.last().failedAttempts() - outageStart.failedAttempts();
            assertThat(attempts).as("failed delivery attempts during the outage: retried, but backing off, not spinning")
                    .isPositive()
                    .isLessThanOrEqualTo(WATCH.toSeconds() * 10);
            outage.last().assertIdentities();
        }

        sentBeforeThisConsumer = status().sent();
        consumer = consumer().port(consumerPort).startReady();
        ProducerStatus backlog = status();

        await("the backlog drains after the consumer returns").atMost(RECOVERY_TIMEOUT).pollInterval(WATCH_INTERVAL)
                .untilAsserted(() -> {
                    ProducerStatus status = status();
                    assertThat(status.size()).isLessThan(smallQueue(ADVANCED_PRODUCTION_RATE));
                    assertThat(status.consumerReachable()).isTrue();
                });
        assertThat(status().sent() - sentBeforeThisConsumer).as("sent catches up with the backlog")
                .isGreaterThanOrEqualTo(backlog.size());
        assertTheBooksBalance();
    }

    private static ServiceProcess.Builder consumer() {
        return ServiceProcess.of(LabService.CONSUMER)
                .property("lab.consumer.processing-time-ms", PROCESSING_TIME_MS);
    }

    /** The handout's {@code POST :8000/admin/config}, answered with the whole config showing what the body set. */
    private JsonNode configureProducer(String body) {
        return HandoutCurl.config(producer.baseUrl() + "/admin/config", body);
    }

    /** The handout's {@code POST :8001/admin/config}, answered with the whole config showing what the body set. */
    private JsonNode configureConsumer(String body) {
        return HandoutCurl.config(consumer.baseUrl() + "/admin/config", body);
    }

    /** The advanced experiments run at the handout's default rate, so that a backlog drains in seconds. */
    private void useTheHandoutsDefaultRate() {
        configureProducer("""
                {"production_rate": %d}""".formatted(ADVANCED_PRODUCTION_RATE));
    }

    private ProducerStatus status() {
        return ProducerStatus.of(producer);
    }

    private static long smallQueue(double productionRate) {
        return Math.round(productionRate * SMALL_QUEUE_PRODUCTION.toSeconds());
    }

    private void awaitSmallQueue(double productionRate, Duration timeout) {
        await("the queue is small").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    ProducerStatus status = status();
                    assertThat(status.size()).as("queue size in %s", status.json())
                            .isLessThan(smallQueue(productionRate));
                });
    }

    private long maxItemBytes() {
        return 2 * payloadBytes + ITEM_OBJECTS_ALLOWANCE_BYTES;
    }

    private void assertHonestQueueMemory(ProducerStatus status) {
        assertThat(status.memoryBytes()).as("queue memory_bytes for %d items of %d payload bytes", status.size(), payloadBytes)
                .isBetween(status.size() * payloadBytes, status.size() * maxItemBytes());
        assertThat(status.memoryMb()).as("memory_mb is memory_bytes in MiB")
                .isCloseTo(status.memoryBytes() / (1024.0 * 1024.0), within(0.1));
    }

    /** The handout's clear-queue, checked to count what it removes as dropped. */
    private void clearTheQueue() {
        ProducerStatus before = status();
        long cleared = HandoutCurl.post(producer.baseUrl() + "/admin/clear-queue").required("cleared").longValue();
        ProducerStatus after = status();
        assertThat(after.dropped() - before.dropped()).as("cleared items count as dropped").isEqualTo(cleared);
        assertThat(cleared).as("cleared at most what was queued")
                .isLessThanOrEqualTo(before.size() + after.enqueued() - before.enqueued());
    }

    /** The handout's burst of 1000 items through the current mode, every one of them accounted for in the answer. */
    private JsonNode produceTheBurst() {
        JsonNode burst = HandoutCurl.post(producer.baseUrl() + "/produce", """
                {"count": 1000}""");
        assertThat(burst.required("requested").longValue()).isEqualTo(BURST);
        assertThat(burst.required("accepted").longValue() + burst.required("rejected").longValue()
                + burst.required("dropped").longValue())
                .as("every item of the burst is accepted, rejected or dropped: %s", burst)
                .isEqualTo(BURST);
        return burst;
    }

    /** Waits (up to {@code settle}) for a small queue, then watches it stay small with sending at the production rate. */
    private Observation watchTheQueueStaySmallWhileTheConsumerKeepsUp(Duration settle) {
        awaitSmallQueue(PRODUCTION_RATE, settle);
        Observation watched = Observation.watch(producer, WATCH, WATCH_INTERVAL);
        assertThat(watched.values(ProducerStatus::size)).as("queue sizes")
                .allMatch(size -> size < smallQueue(PRODUCTION_RATE));
        assertThat(watched.ratePerSecond(ProducerStatus::sent)).as("sent per second: the consumer keeps up")
                .isCloseTo(PRODUCTION_RATE, within(PRODUCTION_RATE * 0.4));
        return watched;
    }

    /**
     * The producer's identities, and the consumer's count against the producer's: the consumer counts
     * an item processed before it answers, and the producer counts it sent when the answer arrives,
     * so an item processed but not yet answered is still in flight. Reading the producer before and
     * after the consumer, therefore: sent(before) <= processed <= sent(after) + in_flight(after).
     * (The upper bound holds while no item the consumer processed goes back to the queue for a retry,
     * which only a lost answer would cause; the walk stops its consumer gracefully.)
     */
    private void assertTheBooksBalance() {
        ProducerStatus before = status();
        long processed = HandoutCurl.get(consumer.baseUrl() + "/status").required("processed").longValue();
        ProducerStatus after = status();
        before.assertIdentities();
        after.assertIdentities();
        assertThat(processed).as("consumer processed vs producer sent (before %s, after %s)", before.json(), after.json())
                .isBetween(before.sent() - sentBeforeThisConsumer,
                        after.sent() + after.inFlight() - sentBeforeThisConsumer);
    }
}
