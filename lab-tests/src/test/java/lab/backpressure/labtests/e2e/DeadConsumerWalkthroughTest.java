package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import lab.backpressure.labtests.support.ConsumerStatus;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The circuit breaker on a dead consumer, as a learner tries it on the two jars, tried again and again: the
 * consumer at 10 ms an item, the producer at 50 items/s into a bounded queue of 500 with the breaker on, all else
 * the defaults. Then the consumer fails every request ({@code failure_rate} 1.0), or its process is killed. Each
 * time the breaker opens within 15 s, sends nothing for the rest of its open wait, and closes within 10 s of the
 * consumer's recovery. Before the fix 8 of the 10 tries did not open within 15 s: the backoff spread the failed
 * calls too thin for the breaker's window.
 */
// a try may start a consumer again, which ServiceProcess gives 3 minutes on a busy machine; the rest takes a minute
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeadConsumerWalkthroughTest {

    /**
     * One of each in the default run, which is over its 15 minutes: the repetition that shows "every time" is
     * {@code DeadConsumerBreakerTest}'s, on the real breaker and backoff; 40 of 40 opened here by hand and in four runs
     * of five (see docs/tests.md).
     */
    private static final int TRIES = 1;
    private static final int PROCESSING_TIME_MS = 10;
    private static final Duration OPENS_WITHIN = Duration.ofSeconds(15);
    private static final Duration CLOSES_WITHIN = Duration.ofSeconds(10);
    private static final long OPEN_WAIT_MS = 5000;
    /** Into the open wait before watching it, for the calls on their way when it opened to be answered. */
    private static final long SETTLED_MS = 1000;
    /** Left off the end of the open wait, for a slow status call. */
    private static final long MARGIN_MS = 500;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static ServiceProcess consumer;
    private static ServiceProcess producer;
    /** The consumer's port, the one the producer knows, for a consumer started again after it was killed. */
    private static int consumerPort;

    @BeforeAll
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    static void startBoth() {
        consumer = startConsumer(0);
        consumerPort = consumer.port();
        producer = ServiceProcess.of(LabService.PRODUCER).property("lab.producer.consumer-url", consumer.baseUrl())
                .start();
        consumer.awaitReady();
        producer.awaitReady();
    }

    @RepeatedTest(TRIES)
    void opensWhenTheConsumerFailsEveryRequest() {
        startHealthy();

        configure(consumer, """
                {"failure_rate": 1.0}""");
        long diedNanos = System.nanoTime();
        awaitOpen("failure_rate 1.0", diedNanos);
        nothingReachesTheConsumerForTheRestOfTheOpenWait();

        configure(consumer, """
                {"failure_rate": 0}""");
        awaitClosed("failure_rate 0", System.nanoTime());
    }

    @RepeatedTest(TRIES)
    void opensWhenTheConsumerProcessIsKilled() {
        startHealthy();

        ProcessHandle.of(consumer.pid()).ifPresent(ProcessHandle::destroyForcibly);
        long diedNanos = System.nanoTime();
        awaitOpen("consumer killed", diedNanos);

        consumer = startConsumer(consumerPort).awaitReady();
        awaitClosed("consumer restarted", System.nanoTime());
    }

    @AfterEach
    void healTheConsumer() {
        if (consumer != null && consumer.isAlive()) {
            configure(consumer, """
                    {"failure_rate": 0}""");
        }
    }

    @AfterAll
    static void stopBoth() {
        if (producer != null) {
            producer.close();
        }
        if (consumer != null) {
            consumer.close();
        }
    }

    /**
     * A live consumer (started again if a try that killed it failed), the learner's settings, a fresh breaker, and
     * three seconds of deliveries, so that its window holds successes when the consumer dies.
     */
    private static void startHealthy() {
        if (!consumer.isAlive()) {
            consumer = startConsumer(consumerPort).awaitReady();
        }
        configure(consumer, """
                {"processing_time_ms": %d, "failure_rate": 0, "failure_mode": "error"}""".formatted(PROCESSING_TIME_MS));
        configure(producer, """
                {"production_rate": 50, "queue_mode": "bounded", "max_queue_size": 500, "circuit_breaker": "off"}""");
        HandoutCurl.post(producer.baseUrl() + "/admin/clear-queue");
        configure(producer, """
                {"circuit_breaker": "on"}""");
        long sent = status().sent();
        await("three seconds of deliveries").atMost(PATIENCE).pollInterval(POLL)
                .until(() -> status().sent() >= sent + 150);
        assertThat(status().circuitState()).isEqualTo("closed");
    }

    private static ServiceProcess startConsumer(int port) {
        return ServiceProcess.of(LabService.CONSUMER).port(port)
                .property("lab.consumer.processing-time-ms", PROCESSING_TIME_MS).start();
    }

    private static void awaitOpen(String death, long diedNanos) {
        await("the breaker opens (" + death + ")").atMost(OPENS_WITHIN).pollInterval(POLL)
                .until(() -> status().circuitState().equals("open"));
        System.out.printf("%s: open after %.1f s%n", death, (System.nanoTime() - diedNanos) / 1e9);
    }

    private static void awaitClosed(String recovery, long recoveredNanos) {
        await("the breaker closes (" + recovery + ")").atMost(CLOSES_WITHIN).pollInterval(POLL)
                .until(() -> status().circuitState().equals("closed"));
        System.out.printf("%s: closed after %.1f s%n", recovery, (System.nanoTime() - recoveredNanos) / 1e9);
    }

    /**
     * From a second into the open wait to its end the consumer gets no request and the producer makes no attempt.
     * A reading counts only if the producer, read after the consumer, is still in the same open wait: on a busy
     * machine a status call may come back after the wait is over and the probes are out.
     */
    private static void nothingReachesTheConsumerForTheRestOfTheOpenWait() {
        await().atMost(PATIENCE).pollInterval(POLL).until(() -> timeInStateMs(status()) >= SETTLED_MS);
        long requests = ConsumerStatus.of(consumer).requests();
        ProducerStatus before = status();
        long attempts = failedAttempts(before);
        long rest = OPEN_WAIT_MS - timeInStateMs(before) - MARGIN_MS;
        assertThat(rest).as("ms of the open wait left to watch").isGreaterThan(OPEN_WAIT_MS / 2);
        await("nothing is sent while it is open").during(Duration.ofMillis(rest)).atMost(PATIENCE).pollInterval(POLL)
                .until(() -> {
                    long requestsNow = ConsumerStatus.of(consumer).requests();
                    ProducerStatus now = status();
                    boolean sameOpenWait = now.circuitState().equals("open")
                            && timeInStateMs(now) >= timeInStateMs(before);
                    return !sameOpenWait || requestsNow == requests && failedAttempts(now) == attempts
                            && now.sent() == before.sent();
                });
        System.out.printf("requests at the consumer in %d ms of the open wait: 0%n", rest);
    }

    private static long timeInStateMs(ProducerStatus status) {
        return status.json().requiredAt("/delivery/circuit/time_in_state_ms").longValue();
    }

    private static long failedAttempts(ProducerStatus status) {
        return status.json().requiredAt("/totals/failed_attempts").longValue();
    }

    private static ProducerStatus status() {
        return ProducerStatus.of(producer);
    }

    private static void configure(ServiceProcess service, String body) {
        HandoutCurl.config(service.baseUrl() + "/admin/config", body);
    }
}
