package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import lab.backpressure.labtests.benchmark.BucketQuantile;
import lab.backpressure.labtests.support.Lab;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.Observation;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.PrometheusScrape;
import lab.backpressure.labtests.support.ServiceProcess;
import lab.backpressure.labtests.tracing.OtlpHttpReceiver;
import lab.backpressure.labtests.tracing.ReceivedSpan;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the strategy exercises (docs/exercises/08 and 12) say about single items, which only their traces and the
 * queue-wait histogram show, so that their exercise files cannot check it: a burst into a full {@code drop_oldest}
 * queue delivers exactly its newest 100 items and evicts the rest, oldest first, and a full queue turns over at the
 * rate items arrive; under {@code deadline} the excess over capacity expires (counted by the metric and
 * {@code /status}), nothing sent waited longer than the deadline, and every expired item's trace lasts longer than it. What the exercises show in {@code /status} (plateaus, rejections, evictions and
 * expiries per second, block, watermark and sample) the exercise files check ({@code ExerciseWalkthroughTest}).
 *
 * <p>Time is compressed fivefold, as there: the consumer takes 20 ms per item, 100 ms once slowed down five times
 * (10 items/s instead of 2); the producer makes 50 items/s instead of 10; the deadline is 400 ms instead of 2000.
 * Item counts (max_queue_size 100, the 300-item burst) are the exercises' own. The producer runs with the
 * OpenTelemetry agent exporting to a receiver inside the test: the traces are where an item's id is visible.
 * After every step the producer's books must balance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StrategyWalkthroughTest {

    private static final String PRODUCER = LabService.PRODUCER.serviceName();
    private static final int TIME_COMPRESSION = 5;
    private static final int PROCESSING_TIME_MS = 100 / TIME_COMPRESSION;
    private static final int SLOW_DOWN_FACTOR = 5;
    private static final double SLOWED_CAPACITY_PER_SECOND = 1000.0 / (PROCESSING_TIME_MS * SLOW_DOWN_FACTOR);
    private static final int PRODUCTION_RATE = 10 * TIME_COMPRESSION;

    private static final int MAX_QUEUE_SIZE = 100;
    private static final int BURST = 300;
    private static final Duration DEADLINE = Duration.ofMillis(2000 / TIME_COMPRESSION);

    private static final Duration WATCH = Duration.ofSeconds(6);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(30);
    private static final String QUEUE_WAIT = "producer_queue_wait_seconds";

    @AutoClose
    private OtlpHttpReceiver receiver;
    @AutoClose
    private Lab lab;
    private ServiceProcess consumer;
    private ServiceProcess producer;

    /** Both started by {@link Lab}, the producer idle until its consumer is ready, as in the compose file. */
    @BeforeAll
    void startTheLab() {
        receiver = OtlpHttpReceiver.start();
        lab = Lab.start(ServiceProcess.of(LabService.CONSUMER)
                        .property("lab.consumer.processing-time-ms", PROCESSING_TIME_MS),
                receiver.exportingHere(LabService.PRODUCER).withAgent()
                        .property("lab.producer.production-rate", PRODUCTION_RATE)
                        .property("lab.producer.producing", false));
        consumer = lab.consumer();
        producer = lab.producer();
        HandoutCurl.post(producer.baseUrl() + "/admin/config", """
                {"producing": true}""");
    }

    @Test
    @Order(1)
    void dropOldestEvictsTheOldestAndKeepsTheNewestItems() {
        JsonNode config = startTheExercise("drop_oldest", """
                {"queue_mode": "drop_oldest", "max_queue_size": 100}""");
        assertThat(config.required("max_queue_size").intValue()).isEqualTo(MAX_QUEUE_SIZE);

        awaitQueueSize(size -> size == MAX_QUEUE_SIZE, "the queue fills up to max_queue_size");
        Window window = watchWithMetrics();
        double produced = window.watched().ratePerSecond(ProducerStatus::produced);
        // a full queue turns over at the rate items arrive, not at the rate they leave
        double turnoverSeconds = MAX_QUEUE_SIZE / produced;
        NavigableMap<Double, Double> waits = window.queueWaits();
        assertThat(total(waits)).as("items delivered in the window").isPositive();
        assertThat(observedAtMost(waits, 1.5 * turnoverSeconds))
                .as("every delivered item waited at most about max_queue_size / production rate = %.1f s: %s",
                        turnoverSeconds, waits)
                .isEqualTo(total(waits));
        assertThat(BucketQuantile.quantile(0.5, waits)).as("median wait: the queue is full, so about a turnover")
                .isGreaterThan(0.7 * turnoverSeconds);
        assertTheBooksBalance();

        ProducerStatus beforeBurst = stopTheGenerator();
        JsonNode burst = HandoutCurl.post(producer.baseUrl() + "/produce", """
                {"count": 300}""");
        ProducerStatus afterBurst = status();
        assertThat(burst.required("accepted").intValue()).as("every burst item gets in: %s", burst).isEqualTo(BURST);
        assertThat(burst.required("rejected").intValue()).as("%s", burst).isZero();
        // the generator is stopped, so every eviction meanwhile was the burst's; 300 items overfill a queue of 100
        assertThat(burst.required("dropped").longValue()).as("dropped, as /status counted it: %s", burst)
                .isEqualTo(afterBurst.dropped() - beforeBurst.dropped())
                .isGreaterThanOrEqualTo(BURST - MAX_QUEUE_SIZE);
        // one id per item produced, counting from 1, and the generator is stopped: the burst has the last 300 ids
        long newest = afterBurst.produced();
        assertThat(newest - beforeBurst.produced()).isEqualTo(BURST);
        Set<Long> burstIds = ids(newest - BURST + 1, newest);
        Set<Long> newestHundred = ids(newest - MAX_QUEUE_SIZE + 1, newest);
        assertTheBooksBalance();

        HandoutCurl.post(consumer.baseUrl() + "/admin/config", """
                {"processing_time_ms": %d}""".formatted(PROCESSING_TIME_MS));
        await("the queue drains").atMost(CHANGE_TIMEOUT).pollInterval(WATCH_INTERVAL)
                .until(() -> {
                    ProducerStatus status = status();
                    return status.size() == 0 && status.inFlight() == 0;
                });
        double evictions = PrometheusScrape.of(producer).sum("producer_items_dropped_total", "reason=\"oldest\"");
        await("a trace for every eviction and every burst item sent").atMost(TRACE_TIMEOUT).pollInterval(WATCH_INTERVAL)
                .untilAsserted(() -> {
                    assertThat(droppedIds("oldest")).hasSize((int) evictions);
                    assertThat(sentIds()).containsAll(newestHundred);
                });
        // A worker may take an item while the burst is still going in: once the burst has pushed out everything
        // queued before it, that item is a burst item, sent rather than evicted. Anything else of the burst
        // beyond the newest 100 was evicted.
        long takenDuringTheBurst = taken(afterBurst) - taken(beforeBurst);
        Set<Long> evictedFromTheBurst = intersection(droppedIds("oldest"), burstIds);
        Set<Long> sentFromTheBurst = intersection(sentIds(), burstIds);
        assertThat(sentFromTheBurst).as("the newest 100 of the burst all reached the consumer").containsAll(newestHundred);
        assertThat(sentFromTheBurst.size() - MAX_QUEUE_SIZE).as("older burst items sent: only those taken during the burst")
                .isLessThanOrEqualTo((int) takenDuringTheBurst);
        Set<Long> olderBurstItems = ids(newest - BURST + 1, newest - MAX_QUEUE_SIZE);
        assertThat(evictedFromTheBurst).as("the others were evicted, oldest first")
                .isEqualTo(difference(olderBurstItems, sentFromTheBurst));

        HandoutCurl.post(producer.baseUrl() + "/admin/config", """
                {"producing": true}""");
        assertTheBooksBalance();
    }

    @Test
    @Order(2)
    void deadlineSendsNothingOlderThanTheDeadline() {
        JsonNode config = startTheExercise("deadline", """
                {"queue_mode": "deadline", "deadline_ms": %d, "max_queue_size": 100}""".formatted(DEADLINE.toMillis()));
        assertThat(config.required("deadline_ms").longValue()).isEqualTo(DEADLINE.toMillis());

        // from here every item taken for delivery passes the deadline check first
        Window window = watchWithMetrics();

        // 50 items/s arrive, 10/s are delivered: about the 40/s in excess wait past the deadline and expire, which
        // both the metric and /status count (nothing else drops in this mode while the walk clears nothing)
        double excessPerSecond = PRODUCTION_RATE - SLOWED_CAPACITY_PER_SECOND;
        assertThat(window.perSecond("producer_items_dropped_total", "reason=\"expired\""))
                .as("items expired per second in the window, with %.0f/s in excess", excessPerSecond)
                .isGreaterThan(0.25 * excessPerSecond);
        assertThat(window.watched().ratePerSecond(ProducerStatus::dropped)).as("dropped per second in /status")
                .isGreaterThan(0.25 * excessPerSecond);
        NavigableMap<Double, Double> waits = window.queueWaits();
        double deadlineSeconds = DEADLINE.toMillis() / 1000.0;
        assertThat(total(waits)).as("items delivered in the window")
                .isGreaterThan(0.5 * SLOWED_CAPACITY_PER_SECOND * window.seconds());
        assertThat(observedAtMost(waits, deadlineSeconds))
                .as("every delivered item waited at most the deadline of %s: %s", DEADLINE, waits)
                .isEqualTo(total(waits));
        assertThat(BucketQuantile.quantile(0.5, waits)).as("median wait: the deadline caps the wait, it does not shorten it")
                .isGreaterThan(0.5 * deadlineSeconds);
        assertTheBooksBalance();

        // back to the lab's default mode; its queue keeps the items, so no more expire and the traces can catch up
        HandoutCurl.post(producer.baseUrl() + "/admin/config", """
                {"queue_mode": "unbounded"}""");
        double expiries = PrometheusScrape.of(producer).sum("producer_items_dropped_total", "reason=\"expired\"");
        assertThat(expiries).as("items expired in all").isPositive();
        await("a trace for every expired item").atMost(TRACE_TIMEOUT).pollInterval(WATCH_INTERVAL)
                .untilAsserted(() -> assertThat(drops("expired")).hasSize((int) expiries));
        assertThat(drops("expired")).as("each expired item's deliver_item span lasts past the deadline")
                .allMatch(span -> span.duration().compareTo(DEADLINE) > 0);
        assertTheBooksBalance();
    }

    /**
     * Each exercise's setup, the consumer slowed down five times and the queue emptied, then its mode. The
     * generator is switched on first, so that an exercise that failed while it was paused does not fail the next.
     */
    private JsonNode startTheExercise(String mode, String modeRequest) {
        HandoutCurl.post(producer.baseUrl() + "/admin/config", """
                {"producing": true}""");
        JsonNode slowed = HandoutCurl.post(consumer.baseUrl() + "/admin/slow-down", """
                {"factor": 5}""");
        assertThat(slowed.required("capacity_per_second").doubleValue()).isEqualTo(SLOWED_CAPACITY_PER_SECOND);
        clearTheQueue();
        JsonNode config = HandoutCurl.post(producer.baseUrl() + "/admin/config", modeRequest);
        assertThat(config.required("queue_mode").asString()).isEqualTo(mode);
        return config;
    }

    private void clearTheQueue() {
        ProducerStatus before = status();
        long cleared = HandoutCurl.post(producer.baseUrl() + "/admin/clear-queue").required("cleared").longValue();
        ProducerStatus after = status();
        assertThat(after.dropped() - before.dropped()).as("cleared items count as dropped").isGreaterThanOrEqualTo(cleared);
    }

    /** Items taken from the queue so far: settled one way or the other, or in flight. */
    private static long taken(ProducerStatus status) {
        return status.sent() + status.failed() + status.inFlight();
    }

    /** Pauses the generator and waits until it has really stopped, so the next ids are all the burst's. */
    private ProducerStatus stopTheGenerator() {
        HandoutCurl.post(producer.baseUrl() + "/admin/config", """
                {"producing": false}""");
        long[] produced = {status().produced()};
        await("the generator stops").during(Duration.ofMillis(500)).atMost(CHANGE_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    long now = status().produced();
                    boolean unchanged = now == produced[0];
                    produced[0] = now;
                    return unchanged;
                });
        return status();
    }

    private void awaitQueueSize(Predicate<Long> wanted, String what) {
        await(what).atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> wanted.test(status().size()));
    }

    /** The exercise's watch loop with a scrape of the producer's metrics on either side. */
    private Window watchWithMetrics() {
        long start = System.nanoTime();
        PrometheusScrape before = PrometheusScrape.of(producer);
        Observation watched = watch(WATCH);
        PrometheusScrape after = PrometheusScrape.of(producer);
        return new Window(before, watched, after, (System.nanoTime() - start) / 1e9);
    }

    private record Window(PrometheusScrape before, Observation watched, PrometheusScrape after, double seconds) {

        double perSecond(String counter, String... labels) {
            return delta(counter, before, after, labels) / seconds;
        }

        /** Cumulative bucket counts of the items taken from the queue in the window, by upper bound. */
        NavigableMap<Double, Double> queueWaits() {
            return BucketQuantile.delta(QUEUE_WAIT, before, after);
        }
    }

    /** The exercise's watch loop, every reading's books checked. */
    private Observation watch(Duration length) {
        Observation watched = Observation.watch(producer, length, WATCH_INTERVAL);
        watched.statuses().forEach(ProducerStatus::assertIdentities);
        return watched;
    }

    private ProducerStatus status() {
        return ProducerStatus.of(producer);
    }

    private static double delta(String counter, PrometheusScrape before, PrometheusScrape after, String... labels) {
        return after.sum(counter, labels) - before.sum(counter, labels);
    }

    private static double total(NavigableMap<Double, Double> cumulativeBuckets) {
        return cumulativeBuckets.lastEntry().getValue();
    }

    /** Observations in buckets up to the first bucket bound at or above {@code seconds}. */
    private static double observedAtMost(NavigableMap<Double, Double> cumulativeBuckets, double seconds) {
        return cumulativeBuckets.ceilingEntry(seconds).getValue();
    }

    private List<ReceivedSpan> drops(String reason) {
        return receiver.spans().stream()
                .filter(span -> span.is(PRODUCER, "deliver_item"))
                .filter(span -> span.attribute("queue.drop_reason").filter(reason::equals).isPresent())
                .toList();
    }

    private Set<Long> droppedIds(String reason) {
        return drops(reason).stream().map(StrategyWalkthroughTest::itemId).collect(Collectors.toSet());
    }

    private Set<Long> sentIds() {
        return receiver.spans().stream()
                .filter(span -> span.is(PRODUCER, "send_to_consumer"))
                .map(StrategyWalkthroughTest::itemId)
                .collect(Collectors.toSet());
    }

    private static long itemId(ReceivedSpan span) {
        return span.number("item.id").orElseThrow(() -> new AssertionError("no item.id on " + span)).longValue();
    }

    private static Set<Long> ids(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().collect(Collectors.toSet());
    }

    private static Set<Long> intersection(Set<Long> ids, Set<Long> range) {
        return ids.stream().filter(range::contains).collect(Collectors.toSet());
    }

    private static Set<Long> difference(Set<Long> ids, Set<Long> without) {
        return ids.stream().filter(id -> !without.contains(id)).collect(Collectors.toSet());
    }

    /** The producer's identities, read in one snapshot. */
    private void assertTheBooksBalance() {
        status().assertIdentities();
    }
}
