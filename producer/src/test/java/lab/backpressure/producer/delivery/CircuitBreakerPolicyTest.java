package lab.backpressure.producer.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.support.settings.SettingsChanged;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.mode.UnboundedMode;
import lab.backpressure.producer.testing.Batchings;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.StubConsumer;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The circuit breaker around delivery: directly, attempt by attempt, and in the delivery loop against a stub
 * consumer that fails, throttles, refuses and recovers.
 */
class CircuitBreakerPolicyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final int WINDOW_S = 10;
    private static final int MINIMUM_CALLS = 10;
    private static final double FAILURE_RATE = 50;
    private static final long SLOW_CALL_MS = 2000;
    private static final double SLOW_CALL_RATE = 100;
    private static final long OPEN_MS = 2000;
    private static final int HALF_OPEN_CALLS = 3;
    /** Left off the end of the open wait when asserting that nothing is sent, for the gap between two polls. */
    private static final Duration POLL_MARGIN = Duration.ofMillis(300);
    private static final BreakerSettings ON = new BreakerSettings("on", WINDOW_S,
            MINIMUM_CALLS, FAILURE_RATE, SLOW_CALL_MS, SLOW_CALL_RATE, OPEN_MS, HALF_OPEN_CALLS);
    private static final DeliveryResult SERVER_ERROR = new DeliveryResult.Unavailable("HTTP 500 from the consumer");

    private final ItemFactory items = Items.factory(Clock.systemUTC());
    private final ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), new UnboundedMode());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestSettings settings = TestSettings.of(ON);
    private final CircuitBreakerPolicy breaker = new CircuitBreakerPolicy(settings, registry);
    private StubConsumer consumer;
    private DeliveryLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop();
        }
        if (consumer != null) {
            consumer.close();
        }
    }

    @Test
    void opensAfterTheMinimumCallsSendsNothingWhileOpenThenProbesAndClosesOnceTheConsumerRecovers() {
        consumer = StubConsumer.up().answering(500);
        startDelivery(1);
        offer(5);

        await().atMost(PATIENCE).until(() -> "open".equals(circuit().get("state")));
        assertThat(consumer.received()).as("the tenth failure opened it").hasSize(MINIMUM_CALLS);
        assertThat(circuit()).containsEntry("failure_rate", 100.0).containsEntry("failed_calls", MINIMUM_CALLS);
        assertBooksBalance();

        assertNothingSentForTheRestOfTheOpenWait(MINIMUM_CALLS);
        await("three probes fail, open again").atMost(PATIENCE)
                .until(() -> transitions("half_open", "open") == 1 && "open".equals(circuit().get("state")));
        assertThat(consumer.received()).hasSize(MINIMUM_CALLS + HALF_OPEN_CALLS);
        assertThat(transitions("open", "half_open")).isEqualTo(1);

        consumer.answering(200);
        assertNothingSentForTheRestOfTheOpenWait(MINIMUM_CALLS + HALF_OPEN_CALLS);
        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 5);

        assertThat(circuit()).containsEntry("state", "closed");
        assertThat(transitions("half_open", "closed")).isEqualTo(1);
        assertThat(transitions("closed", "open")).isEqualTo(1);
        assertThat(consumer.received()).as("13 failed attempts, then each item once")
                .hasSize(MINIMUM_CALLS + HALF_OPEN_CALLS + 5);
        assertThat(ledger.snapshot().failedAttempts()).isEqualTo(MINIMUM_CALLS + HALF_OPEN_CALLS);
        assertThat(registry.get("resilience4j.circuitbreaker.state")
                .tags("name", Resilience4jBreakers.BREAKER_NAME, "state", "closed").gauge().value()).isEqualTo(1);
        assertThat(notPermittedCalls()).as("the one worker waited for permission instead of being turned away")
                .isZero();
        assertBooksBalance();
    }

    @Test
    void manyWorkersSendOnlyTheHalfOpenProbesAndNoPermissionLeaks() {
        int workers = 8;
        consumer = StubConsumer.up().answering(500);
        startDelivery(workers);
        offer(20);

        await("open, and every call on its way answered").atMost(PATIENCE).until(() -> "open".equals(
                circuit().get("state")) && ledger.snapshot().failedAttempts() == consumer.received().size());
        int whenOpened = consumer.received().size();
        assertThat(whenOpened).as("the tenth failure, and calls already on their way")
                .isBetween(MINIMUM_CALLS, MINIMUM_CALLS + workers - 1);

        assertNothingSentForTheRestOfTheOpenWait(whenOpened);
        await("the probes fail, open again").atMost(PATIENCE).until(() -> transitions("half_open", "open") == 1);
        assertThat(consumer.received()).as("eight workers waiting, three probes let through")
                .hasSize(whenOpened + HALF_OPEN_CALLS);
        assertThat(ledger.snapshot().failedAttempts()).as("a worker turned away made no attempt")
                .isEqualTo(whenOpened + HALF_OPEN_CALLS);
        assertBooksBalance();

        consumer.answering(200);
        await().atMost(PATIENCE).until(() -> ledger.snapshot().sent() == 20);

        assertThat(circuit()).as("every probe permission came back: it closed").containsEntry("state", "closed");
        assertThat(consumer.received()).hasSize(whenOpened + HALF_OPEN_CALLS + 20);
        double changesOfState = registry.get("producer.delivery.circuit.transitions").counters().stream()
                .mapToDouble(Counter::count).sum();
        assertThat(notPermittedCalls()).as("a worker turned away waits for the next change of state (or for two,"
                + " when one came between its look and its try); it does not spin")
                .isLessThanOrEqualTo(2 * workers * changesOfState);
        assertBooksBalance();
    }

    @Test
    void aThrottleNeverCountsAndARefusalIsAHealthyAnswer() {
        consumer = StubConsumer.up().answering(429).retryAfter("0");
        startDelivery(1);
        offer(1);
        await().atMost(PATIENCE).until(() -> ledger.snapshot().throttled() >= 3L * MINIMUM_CALLS);

        assertThat(circuit()).containsEntry("state", "closed").containsEntry("buffered_calls", 0)
                .containsEntry("failure_rate", -1.0);

        consumer.answering(400).retryAfter(null);
        offer(MINIMUM_CALLS);
        await().atMost(PATIENCE).until(() -> ledger.snapshot().failed() == MINIMUM_CALLS + 1);

        assertThat(circuit()).containsEntry("state", "closed").containsEntry("buffered_calls", MINIMUM_CALLS + 1)
                .containsEntry("failed_calls", 0).containsEntry("failure_rate", 0.0);
        assertThat(ledger.snapshot().failedAttempts()).isZero();
        assertBooksBalance();
    }

    @Test
    void offHasNoEffect() {
        settings.set(withSwitch("off"));
        breaker.settingsChanged(new SettingsChanged(Set.of(BreakerSettings.class)));
        consumer = StubConsumer.up().answering(500);
        startDelivery(1);
        offer(1);

        await().atMost(PATIENCE).until(() -> ledger.snapshot().failedAttempts() >= 2L * MINIMUM_CALLS);

        assertThat(circuit()).containsEntry("state", "disabled").containsEntry("buffered_calls", 0);
        assertThat(registry.get("producer.delivery.circuit.transitions").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertBooksBalance();
    }

    @Test
    void switchingOffOrChangingASettingRebuildsTheBreakerAndLetsTheWaitingWorkersGo() {
        settings.set(withOpenWait(Duration.ofMinutes(1)));
        breaker.settingsChanged(new SettingsChanged(Set.of(BreakerSettings.class)));
        consumer = StubConsumer.up().answering(500);
        startDelivery(2);
        offer(3);
        await().atMost(PATIENCE).until(() -> "open".equals(circuit().get("state")));
        consumer.answering(200);

        settings.set(withSwitch("off"));
        breaker.settingsChanged(new SettingsChanged(Set.of(BreakerSettings.class)));

        await("sent long before the minute's open wait is over").atMost(PATIENCE)
                .until(() -> ledger.snapshot().sent() == 3);
        assertThat(circuit()).containsEntry("state", "disabled");

        settings.set(ON);
        breaker.settingsChanged(new SettingsChanged(Set.of(BreakerSettings.class)));

        assertThat(circuit()).containsEntry("state", "closed").containsEntry("buffered_calls", 0);
        assertBooksBalance();
    }

    @Test
    void theCallThatOpensItCarriesTheTransitionOnItsSpanAndTheNextIsNotSent() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        DeliveryPolicy.Next failing = _ -> {
            calls.incrementAndGet();
            return SERVER_ERROR;
        };
        try (SdkTracerProvider tracer = SdkTracerProvider.builder().build()) {
            for (int call = 1; call < MINIMUM_CALLS; call++) {
                assertThat(eventsOf(tracer, failing)).isEmpty();
            }

            List<EventData> tenth = eventsOf(tracer, failing);

            assertThat(tenth).extracting(EventData::getName).containsExactly("circuit_breaker.opened");
            assertThat(tenth.getFirst().getAttributes().asMap().values()).as("from, failure and slow call rates")
                    .containsExactlyInAnyOrder("closed", 100.0, 0.0);
        }
        assertThat(breaker.send(taken(), failing)).isInstanceOf(DeliveryResult.NotSent.class);
        assertThat(calls).as("the consumer was not called while open").hasValue(MINIMUM_CALLS);
        assertThat(circuit()).containsEntry("not_permitted_calls", 1L);
        assertThat(transitions("closed", "open")).isEqualTo(1);
        assertThat(registry.get("resilience4j.circuitbreaker.state")
                .tags("name", Resilience4jBreakers.BREAKER_NAME, "state", "open").gauge().value()).isEqualTo(1);
    }

    @Test
    void aBatchWithFailedItemsIsAFailedCallAndA413AHealthyAnswer() throws InterruptedException {
        DeliveryResult partly = new DeliveryResult.PartlyDelivered(Set.of(1L), "1 of the 5 items of a batch failed");
        for (int call = 0; call < MINIMUM_CALLS; call++) {
            breaker.send(taken(), _ -> new DeliveryResult.TooLarge("HTTP 413 from the consumer"));
        }
        assertThat(circuit()).containsEntry("failed_calls", 0).containsEntry("failure_rate", 0.0);

        for (int call = 0; call < MINIMUM_CALLS; call++) {
            breaker.send(taken(), _ -> partly);
        }

        assertThat(circuit()).containsEntry("state", "open").containsEntry("failed_calls", MINIMUM_CALLS)
                .containsEntry("failure_rate", 50.0);
    }

    @Test
    void slownessAloneOpensItOnlyWhenEveryCallInTheWindowIsSlow() throws InterruptedException {
        Duration slow = Duration.ofMillis(100);
        settings.set(new BreakerSettings("on", WINDOW_S, MINIMUM_CALLS, FAILURE_RATE,
                slow.toMillis() / 2, SLOW_CALL_RATE, OPEN_MS, HALF_OPEN_CALLS));
        breaker.settingsChanged(new SettingsChanged(Set.of(BreakerSettings.class)));
        DeliveryPolicy.Next slowSuccess = _ -> {
            Thread.sleep(slow);
            return DeliveryResult.Delivered.INSTANCE;
        };

        breaker.send(taken(), _ -> DeliveryResult.Delivered.INSTANCE);
        for (int call = 1; call < MINIMUM_CALLS; call++) {
            breaker.send(taken(), slowSuccess);
        }
        assertThat(circuit()).as("one quick call in the window keeps it closed")
                .containsEntry("state", "closed").containsEntry("slow_call_rate", 90.0);

        breaker.settingsChanged(new SettingsChanged(Set.of(BreakerSettings.class)));
        for (int call = 0; call < MINIMUM_CALLS; call++) {
            breaker.send(taken(), slowSuccess);
        }
        assertThat(circuit()).containsEntry("state", "open").containsEntry("slow_call_rate", 100.0)
                .containsEntry("failure_rate", 0.0);
    }

    @Test
    void aWindowInWhichTheConsumerAnsweredNoCallOpensItHoweverFewCallsItHolds() throws InterruptedException {
        Duration window = Duration.ofSeconds(1);
        settings.set(withWindow(window));
        breaker.settingsChanged(new SettingsChanged(Set.of(BreakerSettings.class)));
        DeliveryPolicy.Next answered = _ -> DeliveryResult.Delivered.INSTANCE;
        DeliveryPolicy.Next heldPastTheWindow = _ -> {
            Thread.sleep(window.plusMillis(100));
            return new DeliveryResult.TimedOut("java.net.http.HttpTimeoutException: request timed out");
        };

        breaker.send(taken(), answered);
        breaker.send(taken(), _ -> SERVER_ERROR);
        assertThat(circuit()).as("a failure right after an answer").containsEntry("state", "closed");
        breaker.send(taken(), heldPastTheWindow);

        assertThat(circuit()).as("no answer for a window, which holds one call: too few for a rate")
                .containsEntry("state", "open").containsEntry("buffered_calls", 1).containsEntry("failed_calls", 1)
                .containsEntry("failure_rate", -1.0);
        assertThat(transitions("closed", "open")).isEqualTo(1);
    }

    @Test
    void aQuickFailureAfterAQuietWindowIsNoWindowWithoutAnswer() throws InterruptedException {
        Duration window = Duration.ofSeconds(1);
        settings.set(withWindow(window));
        breaker.settingsChanged(new SettingsChanged(Set.of(BreakerSettings.class)));
        breaker.send(taken(), _ -> DeliveryResult.Delivered.INSTANCE);
        long quietUntil = System.nanoTime() + window.plusMillis(100).toNanos();
        await("a window without calls").atMost(PATIENCE).until(() -> System.nanoTime() > quietUntil);

        breaker.send(taken(), _ -> SERVER_ERROR);

        assertThat(circuit()).as("the failed call went out a moment ago").containsEntry("state", "closed");
    }

    @Test
    void whileOnTheBackoffGrowsNoLongerThanAWindowOverItsMinimumCalls() {
        assertThat(breaker.longestBackoff()).as("10 s over 10 calls").isEqualTo(Duration.ofSeconds(1));

        settings.set(withSwitch("off"));

        assertThat(breaker.longestBackoff()).isEqualTo(DeliveryPolicy.NO_CAP);
    }

    /** The events one attempt leaves on its {@code send_to_consumer} span. */
    private List<EventData> eventsOf(SdkTracerProvider tracer, DeliveryPolicy.Next next) throws InterruptedException {
        Span span = tracer.get("test").spanBuilder("send_to_consumer").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            breaker.send(taken(), next);
        } finally {
            span.end();
        }
        return ((ReadableSpan) span).toSpanData().getEvents();
    }

    /**
     * The breaker has been open for {@code time_in_state_ms}; until the rest of {@code breaker_open_ms} has
     * passed, the consumer must get no request.
     */
    private void assertNothingSentForTheRestOfTheOpenWait(int requests) {
        long openFor = ((Number) circuit().get("time_in_state_ms")).longValue();
        Duration rest = Duration.ofMillis(OPEN_MS - openFor).minus(POLL_MARGIN);
        assertThat(rest).as("time left to watch").isPositive();
        await().during(rest).atMost(rest.plus(PATIENCE)).until(() -> consumer.received().size() == requests);
    }

    private double notPermittedCalls() {
        return registry.get("resilience4j.circuitbreaker.not.permitted.calls").counter().count();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> circuit() {
        return (Map<String, Object>) breaker.status().get("circuit");
    }

    private double transitions(String from, String to) {
        return registry.get("producer.delivery.circuit.transitions").tags("from", from, "to", to).counter().count();
    }

    private static BreakerSettings withSwitch(String onOrOff) {
        return new BreakerSettings(onOrOff, WINDOW_S, MINIMUM_CALLS, FAILURE_RATE, SLOW_CALL_MS,
                SLOW_CALL_RATE, OPEN_MS, HALF_OPEN_CALLS);
    }

    private static BreakerSettings withWindow(Duration window) {
        return new BreakerSettings("on", (int) window.toSeconds(), MINIMUM_CALLS, FAILURE_RATE,
                SLOW_CALL_MS, SLOW_CALL_RATE, OPEN_MS, HALF_OPEN_CALLS);
    }

    private static BreakerSettings withOpenWait(Duration openWait) {
        return new BreakerSettings("on", WINDOW_S, MINIMUM_CALLS, FAILURE_RATE, SLOW_CALL_MS,
                SLOW_CALL_RATE, openWait.toMillis(), HALF_OPEN_CALLS);
    }

    private TakenBatch taken() {
        WorkItem item = items.create(0);
        return new TakenBatch(List.of(new TakenItem(item, item.enqueuedAt(), 0, UnboundedMode.NAME)));
    }

    /** {@code workers} delivery workers, all of them allowed in flight at once, through the breaker alone. */
    private void startDelivery(int workers) {
        loop = TestDeliveries.start(ledger, consumer, workers, Duration.ofSeconds(5),
                new ConsumerHealth(TestDeliveries.FAST_BACKOFF), registry, Batchings.oneItem(registry), breaker);
    }

    private void offer(int count) {
        for (int i = 0; i < count; i++) {
            ledger.offer(items.create(64));
        }
    }

    private void assertBooksBalance() {
        Ledgers.assertBalanced(ledger.snapshot());
    }
}
