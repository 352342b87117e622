package lab.backpressure.producer.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.mode.UnboundedMode;
import lab.backpressure.producer.testing.Batchings;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.StubConsumer;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The breaker on a consumer that answers no call well any more, with the producer's own settings: the breaker's
 * defaults, the backoff of application.yml and two requests in flight (the default delivery limit). A consumer that
 * fails every call with a 500, closes every connection, is not there at all, or holds every request past the request
 * timeout: the breaker opens within 15 s (within the request timeout and 15 s for the held requests), lets only its
 * half-open probes through while open, and closes within 10 s of the consumer's recovery, also when the recovery
 * finds its probes held.
 */
// each case has its own stub, ledger and breaker, and spends its time waiting: side by side they take one case's time
@Execution(ExecutionMode.CONCURRENT)
class DeadConsumerBreakerTest {

    /** The breaker's defaults (the admin fields' {@code @DefaultValue}s). */
    private static final BreakerSettings DEFAULTS =
            new BreakerSettings("on", 10, 10, 50, 2000, 100, 5000, 3);
    /** {@code lab.producer.delivery.backoff} in application.yml. */
    private static final DeliveryProperties.Backoff BACKOFF =
            new DeliveryProperties.Backoff(Duration.ofMillis(100), 2, Duration.ofSeconds(5));
    private static final int DELIVERY_LIMIT = 2;
    private static final Duration PROCESSING_TIME = Duration.ofMillis(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Short for the held requests, so that the test sees several of them time out. */
    private static final Duration SHORT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** For requests held past the 10 s a breaker has to close after the consumer's recovery. */
    private static final Duration HELD_LONGER_THAN_THE_CLOSE = Duration.ofSeconds(12);
    private static final Duration OPENS_WITHIN = Duration.ofSeconds(15);
    private static final Duration CLOSES_WITHIN = Duration.ofSeconds(10);
    /** Into the open wait before watching it: the calls that were on their way when it opened have been answered. */
    private static final long SETTLED_MS = 1000;
    /** Left off the end of the open wait, for the gap between two polls. */
    private static final long POLL_MARGIN_MS = 300;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ItemFactory items = Items.factory(Clock.systemUTC());
    private final ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), new UnboundedMode());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CircuitBreakerPolicy breaker = new CircuitBreakerPolicy(TestSettings.of(DEFAULTS), registry);
    private final ScheduledExecutorService production = Executors.newSingleThreadScheduledExecutor();
    private StubConsumer consumer;
    private DeliveryLoop loop;

    /** How a consumer stops answering well, and how it comes back. */
    enum Death {
        ERROR {
            @Override
            void dies(StubConsumer consumer) {
                consumer.answering(500);
            }
        },
        RESET {
            @Override
            void dies(StubConsumer consumer) {
                consumer.answering(StubConsumer.RESET);
            }
        },
        DOWN {
            @Override
            void dies(StubConsumer consumer) {
                consumer.close();
            }

            @Override
            void recovers(StubConsumer consumer) {
                consumer.start();
            }

            @Override
            int requestsPerProbe() {
                return 0;
            }
        };

        abstract void dies(StubConsumer consumer);

        void recovers(StubConsumer consumer) {
            consumer.answering(200);
        }

        /** Requests a probe brings the consumer: none while nothing listens. */
        int requestsPerProbe() {
            return 1;
        }
    }

    @AfterEach
    void stop() {
        production.shutdownNow();
        if (loop != null) {
            loop.stop();
        }
        if (consumer != null) {
            consumer.close();
        }
    }

    static Stream<Arguments> deaths() {
        return Stream.of(Death.values()).flatMap(death -> Stream.of(arguments(death, 10), arguments(death, 50)));
    }

    @ParameterizedTest(name = "{0} at {1} items/s")
    @MethodSource("deaths")
    void opensWithinFifteenSecondsSendsOnlyProbesWhileOpenAndClosesWithinTenOfRecovery(Death death, int rate) {
        startHealthy(REQUEST_TIMEOUT, rate);

        death.dies(consumer);

        await("the breaker opens").atMost(OPENS_WITHIN).pollInterval(POLL).until(() -> state().equals("open"));
        onlyTheProbesReachTheConsumerUntilItOpensAgain(death.requestsPerProbe());
        death.recovers(consumer);
        await("the breaker closes").atMost(CLOSES_WITHIN).pollInterval(POLL).until(() -> state().equals("closed"));
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void opensWithinTheRequestTimeoutAndFifteenSecondsWhenEveryRequestIsHeld() {
        opensWhenEveryRequestIsHeld(SHORT_REQUEST_TIMEOUT);
        onlyTheProbesReachTheConsumerUntilItOpensAgain(1);
        closesWithinTenSecondsOfTheRecovery();
    }

    /**
     * Requests held longer than the breaker has to close after a recovery: a consumer that recovers while the
     * half-open probes are held answers them (500, as the consumer ends its holds when its failure injection
     * changes), so the breaker opens again at once and closes after one more open wait, not after the probes'
     * request timeout.
     */
    @Test
    void closesWithinTenSecondsOfARecoveryThatFindsItsProbesHeld() {
        opensWhenEveryRequestIsHeld(HELD_LONGER_THAN_THE_CLOSE);
        int received = consumer.received().size();
        await("half-open, its probes held").atMost(PATIENCE).pollInterval(POLL)
                .until(() -> consumer.received().size() >= received + DELIVERY_LIMIT);
        assertThat(state()).isEqualTo("half_open");
        closesWithinTenSecondsOfTheRecovery();
    }

    /** A consumer that holds every request, from a healthy start at 50/s: open within the timeout and 15 s. */
    private void opensWhenEveryRequestIsHeld(Duration requestTimeout) {
        startHealthy(requestTimeout, 50);

        consumer.answering(StubConsumer.HOLD);

        await("the breaker opens").atMost(requestTimeout.plus(OPENS_WITHIN)).pollInterval(POLL)
                .until(() -> state().equals("open"));
    }

    private void closesWithinTenSecondsOfTheRecovery() {
        consumer.answering(200);
        await("the breaker closes").atMost(CLOSES_WITHIN).pollInterval(POLL).until(() -> state().equals("closed"));
        Ledgers.assertBalanced(ledger.snapshot());
    }

    /** Production at {@code rate} against a consumer that takes 10 ms an item, until 2 s of it are delivered. */
    private void startHealthy(Duration requestTimeout, int rate) {
        consumer = StubConsumer.up().taking(PROCESSING_TIME);
        loop = TestDeliveries.start(ledger, consumer, DELIVERY_LIMIT, requestTimeout, new ConsumerHealth(BACKOFF),
                registry, Batchings.oneItem(registry), breaker);
        production.scheduleAtFixedRate(() -> ledger.offer(items.create(64)), 0, 1_000_000 / rate,
                TimeUnit.MICROSECONDS);
        await("two seconds of deliveries").atMost(PATIENCE).until(() -> ledger.snapshot().sent() >= 2L * rate);
        assertThat(state()).isEqualTo("closed");
    }

    /**
     * From a second into the open wait to its end no call reaches the consumer, nor is one made; then the
     * half-open state lets exactly its probes through, which fail, and it opens again.
     */
    private void onlyTheProbesReachTheConsumerUntilItOpensAgain(int requestsPerProbe) {
        await().atMost(PATIENCE).pollInterval(POLL).until(() -> timeInStateMs() >= SETTLED_MS);
        int received = consumer.received().size();
        long attempts = ledger.snapshot().failedAttempts();
        double reopened = transitions("half_open", "open");
        long rest = DEFAULTS.breakerOpenMs() - timeInStateMs() - POLL_MARGIN_MS;
        assertThat(rest).as("ms of the open wait left to watch").isGreaterThan(DEFAULTS.breakerOpenMs() / 2);

        await("nothing is sent while it is open").during(Duration.ofMillis(rest)).atMost(PATIENCE).pollInterval(POLL)
                .until(() -> consumer.received().size() == received && ledger.snapshot().failedAttempts() == attempts);
        await("the probes fail, it opens again").atMost(PATIENCE).pollInterval(POLL)
                .until(() -> transitions("half_open", "open") > reopened);

        // the breaker judges the last probe before its worker books the failed attempt
        await("failed attempts: the probes alone").atMost(PATIENCE).pollInterval(POLL)
                .until(() -> ledger.snapshot().failedAttempts() >= attempts + DEFAULTS.breakerHalfOpenCalls());
        assertThat(ledger.snapshot().failedAttempts()).as("failed attempts: the probes alone")
                .isEqualTo(attempts + DEFAULTS.breakerHalfOpenCalls());
        assertThat(consumer.received().size()).as("requests the consumer got: the probes alone")
                .isEqualTo(received + requestsPerProbe * DEFAULTS.breakerHalfOpenCalls());
    }

    private String state() {
        return (String) circuit().get("state");
    }

    private long timeInStateMs() {
        return ((Number) circuit().get("time_in_state_ms")).longValue();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> circuit() {
        return (Map<String, Object>) breaker.status().get("circuit");
    }

    private double transitions(String from, String to) {
        return registry.get("producer.delivery.circuit.transitions").tags("from", from, "to", to).counter().count();
    }
}
