package lab.backpressure.producer.delivery;

import java.time.Clock;
import java.util.List;

import io.opentelemetry.api.GlobalOpenTelemetry;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.config.ProducerProperties;
import lab.backpressure.producer.delivery.limit.DeliveryLimiter;
import lab.backpressure.producer.metrics.ProducerTimers;
import lab.backpressure.support.settings.Settings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    ConsumerClient consumerClient(RestClient.Builder builder, ProducerProperties producer, DeliveryProperties delivery,
                                  AttemptTimeout timeout, Clock clock, DeliveryLimiter limiter) {
        return new ConsumerClient(builder, producer.consumerUrl(), delivery, timeout::attemptTimeout, clock,
                limiter::granted);
    }

    /** The consumer client, and the Kafka sender when the Kafka lane is on. */
    @Bean
    Transports transports(List<ItemSender> senders, Settings settings) {
        return new Transports(senders, settings);
    }

    @Bean
    ConsumerHealth consumerHealth(DeliveryProperties delivery) {
        return new ConsumerHealth(delivery.backoff());
    }

    /** The agent's OpenTelemetry when it is attached; a no-op otherwise. */
    @Bean
    DeliveryTracing deliveryTracing() {
        return new DeliveryTracing(GlobalOpenTelemetry.get());
    }

    /** Puts each item a queue mode evicts on its trace; the ledger hears of drops through this one interface. */
    @Bean
    ItemLedger.DropListener dropTracing(DeliveryTracing tracing) {
        return tracing::traceDrop;
    }

    /** Every policy bean, in {@code @Order}; Spring sorts the list. */
    @Bean
    DeliveryPolicies deliveryPolicies(List<DeliveryPolicy> policies) {
        return new DeliveryPolicies(policies);
    }

    @Bean
    DeliveryLoop deliveryLoop(DeliveryProperties delivery, AttemptTimeout timeout, ItemLedger ledger,
                              DeliveryLimiter limiter, DeliveryPolicies policies, BatchPort batching,
                              Transports transports, ConsumerHealth health, DeliveryTracing tracing,
                              ProducerTimers timers) {
        return new DeliveryLoop(delivery, timeout::attemptTimeout,
                () -> new DeliveryWorker(ledger, limiter, policies, batching, transports.live(), health, tracing, timers));
    }
}
