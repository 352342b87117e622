package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.backpressure.labtests.support.ConsumerStatus;
import lab.backpressure.labtests.support.ProducerStatus;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Exercise 17 (docs/exercises/17-failing-consumer.md) says about the circuit breaker that its file cannot check
 * from readings a second apart, and what a run ends too early to see: once the breaker opens, not one request
 * reaches the consumer until its open wait is over, its transitions are logged as the page quotes them, it closes
 * and stays closed once the consumer recovers, and in the end every item produced is delivered, each failed attempt
 * retried. Attempts per item and per second, and the {@code timeout} and {@code reset} modes, are checked by the
 * exercise's file ({@code ExerciseWalkthroughTest}).
 *
 * <p>The consumer takes 20 ms per item (50 items/s) and the producer makes 20 items/s, more than the failing
 * consumer gets done. The breaker runs with the exercise's settings (10 calls in 10 s, 50 %, open 5 s, three
 * probes), and the backoff with the producer's (100 ms, doubling).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FailureWalkthroughTest {

    private static final int PROCESSING_TIME_MS = 20;
    private static final int PRODUCTION_RATE = 20;
    private static final long BREAKER_OPEN_MS = 5000;
    private static final double BREAKER_FAILURE_RATE = 50;
    /** The page's "Circuit breaker closed -> open: 6 of 10 calls to the consumer failed (60.0 %), ...". */
    private static final Pattern OPENED = Pattern.compile(
            "Circuit breaker closed -> open: \\d+ of \\d+ calls to the consumer failed \\(([\\d.]+) %\\)");

    /** Left at the end of the open wait for a slow status call and the breaker's own scheduler. */
    private static final Duration OPEN_WAIT_MARGIN = Duration.ofMillis(500);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);

    @AutoClose
    private RunningLab lab;

    @BeforeAll
    void startTheLab() {
        lab = RunningLab.start(PROCESSING_TIME_MS, PRODUCTION_RATE);
    }

    @Test
    @Order(1)
    void theBreakerOpensSendsNothingWhileOpenAndClosesOnceTheConsumerRecovers() {
        lab.configureConsumer("""
                {"failure_rate": 0.5, "failure_mode": "error"}""");
        lab.configureProducer("""
                {"circuit_breaker": "on"}""");

        ProducerStatus opened = await("the breaker opens").atMost(CHANGE_TIMEOUT).pollInterval(POLL)
                .until(lab::status, status -> status.circuitState().equals("open"));
        long openedNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(timeInStateMs(opened));
        // the log, not /status: a call already out when it opened is counted after it, and may have succeeded
        Matcher opening = await("the producer's log says it opened, as the page quotes it").atMost(CHANGE_TIMEOUT)
                .pollInterval(POLL).until(() -> OPENED.matcher(lab.producer().log()), Matcher::find);
        assertThat(Double.parseDouble(opening.group(1))).as("the failure rate that opened it: %s", opening.group())
                .isGreaterThanOrEqualTo(BREAKER_FAILURE_RATE);

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

        lab.configureConsumer("""
                {"failure_rate": 0}""");
        // with failures it closes for a moment now and then: only a recovered consumer keeps it closed
        await("the breaker closes and stays closed").during(Duration.ofSeconds(3))
                .atMost(Duration.ofMillis(BREAKER_OPEN_MS).plus(CHANGE_TIMEOUT)).pollInterval(Duration.ofMillis(100))
                .until(() -> lab.status().circuitState().equals("closed"));
        assertThat(lab.producer().log()).as("the producer's log")
                .contains("Circuit breaker open -> half_open", "Circuit breaker half_open -> closed");
    }

    @Test
    @Order(2)
    void noItemWasLostOnTheWay() {
        lab.configureConsumer("""
                {"failure_rate": 0}""");
        lab.assertEveryItemDeliveredOnceDrained();
    }

    private static long timeInStateMs(ProducerStatus status) {
        return status.json().requiredAt("/delivery/circuit/time_in_state_ms").longValue();
    }
}
