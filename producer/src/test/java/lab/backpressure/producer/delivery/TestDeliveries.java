package lab.backpressure.producer.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.delivery.batch.Batching;
import lab.backpressure.producer.delivery.limit.DeliveryLimiter;
import lab.backpressure.producer.delivery.limit.FixedLimitAlgorithm;
import lab.backpressure.producer.delivery.limit.LimitAlgorithms;
import lab.backpressure.producer.delivery.limit.LimitChoice;
import lab.backpressure.producer.metrics.ProducerTimers;
import lab.backpressure.producer.testing.StubConsumer;
import lab.backpressure.producer.testing.TestSettings;
import org.springframework.web.client.RestClient;

/** Delivery loops for tests against a stub consumer. */
final class TestDeliveries {

    /** 20 ms, doubling to at most 160 ms: a test sees several backed-off attempts within a second. */
    static final DeliveryProperties.Backoff FAST_BACKOFF =
            new DeliveryProperties.Backoff(Duration.ofMillis(20), 2, Duration.ofMillis(160));

    private TestDeliveries() {
    }

    /**
     * Starts {@code workers} delivery workers against {@code consumer}, all of them allowed in flight at once, with
     * {@code batching} first in the chain of policies and {@code policies} after it, and no tracing.
     */
    static DeliveryLoop start(ItemLedger ledger, StubConsumer consumer, int workers, Duration requestTimeout,
                              ConsumerHealth health, MeterRegistry registry, Batching batching,
                              DeliveryPolicy... policies) {
        DeliveryProperties properties = new DeliveryProperties(workers, Duration.ofSeconds(1), FAST_BACKOFF);
        DeliveryLimiter limiter = new DeliveryLimiter(TestSettings.of(new LimitChoice(FixedLimitAlgorithm.NAME),
                new FixedLimitAlgorithm.Concurrency(workers)), new LimitAlgorithms(List.of(new FixedLimitAlgorithm())),
                registry);
        ConsumerClient client = new ConsumerClient(RestClient.builder(), consumer.url(), properties, () -> requestTimeout,
                Clock.systemUTC(),
                limiter::granted);
        List<DeliveryPolicy> chain = new ArrayList<>(List.of(batching));
        chain.addAll(List.of(policies));
        DeliveryPolicies policyChain = new DeliveryPolicies(chain);
        DeliveryTracing tracing = new DeliveryTracing(OpenTelemetry.noop());
        ProducerTimers timers = new ProducerTimers(registry);
        DeliveryLoop loop = new DeliveryLoop(properties, () -> requestTimeout,
                () -> new DeliveryWorker(ledger, limiter, policyChain, batching, client, health, tracing, timers));
        loop.start();
        return loop;
    }
}
