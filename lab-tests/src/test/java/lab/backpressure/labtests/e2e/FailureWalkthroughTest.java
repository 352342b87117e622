package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import lab.backpressure.labtests.support.ConsumerStatus;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.ServiceProcess;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Walks the failure experiment (docs/exercises/17) against the real producer and consumer jars: injected
 * failures, attempts and backoff with the circuit breaker off, then on (it opens, nothing reaches the consumer
 * while it is open, it closes once the consumer recovers), and the {@code reset} and {@code timeout} failure
 * modes. Every reading's books must balance, and in the end every item produced is accounted for: a failed
 * attempt is retried, never lost.
 *
 * <p>The consumer takes 20 ms per item (50 items/s) and the producer makes 20 items/s, more than the failing
 * consumer gets done. The breaker runs with the exercise's settings (10 calls in 10 s, 50 %, open 5 s, three
 * probes), and the backoff with the producer's (100 ms, doubling): those are times of the producer, not of the
 * consumer, so they are not compressed. For the {@code timeout} mode the producer's request timeout is 1 s
 * instead of 30 s, and the consumer holds a failing request 1.5 s instead of 35 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FailureWalkthroughTest {

    private static final int PROCESSING_TIME_MS = 20;
    private static final int PRODUCTION_RATE = 20;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    /** Every second item fails: an item takes 1 / (1 - 0.5) = 2 attempts on average, breaker or not. */
    private static final double ATTEMPTS_PER_ITEM_AT_HALF = 2;
    private static final long BREAKER_OPEN_MS = 5000;
    private static final double BREAKER_FAILURE_RATE = 50;

    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration WATCH = Duration.ofSeconds(5);
    /** Two or three of the breaker's open waits, so the window holds several rounds of probes. */
    private static final Duration BREAKER_WATCH = Duration.ofSeconds(15);
    /** Left at the end of the open wait for a slow status call and the breaker's own scheduler. */
    private static final Duration OPEN_WAIT_MARGIN = Duration.ofMillis(500);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);

    @AutoClose
    private RunningLab lab;
    /** Delivery attempts per second against the failing consumer with the breaker off, to compare with it on. */
    private double attemptsPerSecondWithoutBreaker;

    @BeforeAll
    void startTheLab() {
        lab = RunningLab.start(
                ServiceProcess.of(LabService.CONSUMER).property("lab.consumer.processing-time-ms", PROCESSING_TIME_MS),
                ServiceProcess.of(LabService.PRODUCER).property("lab.producer.production-rate", PRODUCTION_RATE)
                        .property("lab.producer.delivery.request-timeout", REQUEST_TIMEOUT.toMillis() + "ms"));
    }

    @Test
    @Order(1)
    void failureRateFailsThatShareOfTheItemsAndEveryFailedItemIsSentAgain() {
        lab.configureConsumer("""
                {"failure_rate": 0.5}""");

        RunningLab.Window failing = lab.watch(SETTLE, WATCH);
        attemptsPerSecondWithoutBreaker = attemptsPerSecond(failing);

        long failed = failing.atConsumer(ConsumerStatus::failed);
        long processed = failing.atConsumer(ConsumerStatus::processed);
        assertThat((double) failed).as("items failed at the consumer against items processed (%d)", processed)
                .isCloseTo(processed, within(0.1 * processed));
        assertThat(failing.consumerMetric("consumer_requests_failed_total", "mode=\"error\""))
                .as("consumer_requests_failed_total{mode=\"error\"}, scraped just after the status")
                .isCloseTo(failed, within(2.0));
        assertThat((double) failing.delta(ProducerStatus::failedAttempts))
                .as("the producer's failed attempts are the consumer's failures, give or take the two in flight")
                .isCloseTo(failed, within(2.0));
        assertThat(failing.delta(ProducerStatus::failed)).as("a 500 is retried: no item fails for good").isZero();
        assertThat(failing.attemptsPerDeliveredItem()).as("attempts per delivered item")
                .isCloseTo(ATTEMPTS_PER_ITEM_AT_HALF, within(0.2));
        assertThat(failing.producerAfter().consumerLastError().asString()).contains("HTTP 500");
    }

    @Test
    @Order(2)
    void theBreakerOpensSendsNothingWhileOpenAndClosesOnceTheConsumerRecovers() {
        lab.configureConsumer("""
                {"failure_rate": 0.5, "failure_mode": "error"}""");
        lab.configureProducer("""
                {"circuit_breaker": "on"}""");

        ProducerStatus opened = await("the breaker opens").atMost(CHANGE_TIMEOUT).pollInterval(POLL)
                .until(lab::status, status -> status.circuitState().equals("open"));
        long openedNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(timeInStateMs(opened));
        assertThat(opened.json().requiredAt("/delivery/circuit/failure_rate").doubleValue())
                .as("the failure rate that opened it, in %s", opened.json())
                .isGreaterThanOrEqualTo(BREAKER_FAILURE_RATE);
        assertThat(lab.producer().log()).as("the producer's log").contains("Circuit breaker closed -> open: ");

        ConsumerStatus quiet = await("the calls sent before it opened are answered").atMost(CHANGE_TIMEOUT)
                .pollInterval(POLL).until(lab::consumerStatus, status -> status.inFlight() == 0 && status.waiting() == 0);
        ProducerStatus quietProducer = lab.status();
        Duration stillOpen = Duration.ofMillis(BREAKER_OPEN_MS)
                .minusNanos(System.nanoTime() - openedNanos).minus(OPEN_WAIT_MARGIN);
        assertThat(stillOpen).as("what is left to watch of the %d ms open wait", BREAKER_OPEN_MS)
                .isGreaterThan(Duration.ofMillis(BREAKER_OPEN_MS / 2));
        await("no request reaches the consumer while the breaker is open").during(stillOpen)
                .atMost(stillOpen.plus(CHANGE_TIMEOUT)).pollInterval(Duration.ofMillis(100))
                .until(() -> lab.consumerStatus().requests() == quiet.requests()
                        && lab.status().sent() == quietProducer.sent());
        assertThat(lab.status().size()).as("meanwhile the items wait in the queue")
                .isGreaterThan(quietProducer.size());

        RunningLab.Window withBreaker = lab.watch(Duration.ZERO, BREAKER_WATCH);
        assertThat(withBreaker.attemptsPerDeliveredItem()).as("attempts per delivered item with the breaker on")
                .isCloseTo(ATTEMPTS_PER_ITEM_AT_HALF, within(0.5));
        assertThat(attemptsPerSecond(withBreaker))
                .as("attempts per second with the breaker, against %.1f without", attemptsPerSecondWithoutBreaker)
                .isLessThan(0.25 * attemptsPerSecondWithoutBreaker);
        assertThat(withBreaker.delta(ProducerStatus::failed)).as("no item fails for good").isZero();

        lab.configureConsumer("""
                {"failure_rate": 0}""");
        // with failures it closes for a moment now and then: only a recovered consumer keeps it closed
        await("the breaker closes and stays closed").during(Duration.ofSeconds(3))
                .atMost(Duration.ofMillis(BREAKER_OPEN_MS).plus(CHANGE_TIMEOUT)).pollInterval(Duration.ofMillis(100))
                .until(() -> lab.status().circuitState().equals("closed"));
        assertThat(lab.producer().log()).as("the producer's log")
                .contains("Circuit breaker open -> half_open", "Circuit breaker half_open -> closed");
        RunningLab.Window recovered = lab.watch(Duration.ZERO, WATCH);
        assertThat(recovered.perSecond(ProducerStatus::sent)).as("sent per second once closed: the backlog drains")
                .isGreaterThan(PRODUCTION_RATE);
        assertThat(recovered.delta(ProducerStatus::failedAttempts)).as("failed attempts once recovered").isZero();
    }

    @Test
    @Order(3)
    void resetAndTimeoutFailuresAreRetriedToo() {
        lab.configureProducer("""
                {"circuit_breaker": "off"}""");
        lab.configureConsumer("""
                {"failure_rate": 0.5, "failure_mode": "reset"}""");
        RunningLab.Window reset = lab.watch(SETTLE, WATCH);
        double resets = reset.consumerMetric("consumer_requests_failed_total", "mode=\"reset\"");
        assertThat(resets).as("connections closed without an answer").isPositive();
        assertThat((double) reset.delta(ProducerStatus::failedAttempts))
                .as("each one is a failed attempt at the producer").isCloseTo(resets, within(2.0));
        assertThat(reset.attemptsPerDeliveredItem()).as("attempts per delivered item")
                .isCloseTo(ATTEMPTS_PER_ITEM_AT_HALF, within(0.2));
        assertThat(reset.delta(ProducerStatus::failed)).as("no item fails for good").isZero();

        lab.configureConsumer("""
                {"failure_rate": 0.2, "failure_mode": "timeout", "failure_timeout_ms": 1500}""");
        RunningLab.Window timeout = lab.watch(SETTLE, WATCH);
        // each of the two delivery slots sends four items, then waits the whole request timeout for the fifth
        assertThat(timeout.perSecond(ProducerStatus::sent))
                .as("sent per second while one item in five times out after %s", REQUEST_TIMEOUT)
                .isLessThan(0.5 * PRODUCTION_RATE);
        assertThat(timeout.consumerMetric("consumer_requests_failed_total", "mode=\"timeout\""))
                .as("requests held past the producer's timeout").isPositive();
        assertThat(timeout.producerAfter().consumerLastError().asString()).contains("HttpTimeoutException");
        assertThat(timeout.delta(ProducerStatus::failed)).as("no item fails for good").isZero();
    }

    @Test
    @Order(4)
    void noItemWasLostOnTheWay() {
        lab.configureConsumer("""
                {"failure_rate": 0}""");
        lab.assertEveryItemDeliveredOnceDrained();
    }

    /** Every request the producer sent to the consumer per second: delivered, failed and retried, or throttled. */
    private static double attemptsPerSecond(RunningLab.Window window) {
        return window.attemptsPerDeliveredItem() * window.perSecond(ProducerStatus::sent);
    }

    private static long timeInStateMs(ProducerStatus status) {
        return status.json().requiredAt("/delivery/circuit/time_in_state_ms").longValue();
    }
}
