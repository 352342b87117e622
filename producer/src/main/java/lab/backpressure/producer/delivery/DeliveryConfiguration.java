package lab.backpressure.producer.delivery;

import java.time.Clock;
import java.util.List;

import io.opentelemetry.api.GlobalOpenTelemetry;
import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.config.ProducerProperties;
import lab.backpressure.producer.delivery.batch.Batching;
import lab.backpressure.producer.delivery.limit.DeliveryLimiter;
import lab.backpressure.producer.delivery.retry.RetryPolicy;
import lab.backpressure.producer.metrics.ProducerTimers;
import lab.backpressure.support.settings.Settings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    ConsumerClient consumerClient(RestClient.Builder builder, ProducerProperties producer, DeliveryProperties delivery,
                                  Settings settings, Clock clock, DeliveryLimiter limiter) {
        return new ConsumerClient(builder, producer.consumerUrl(), delivery,
                () -> settings.get(RetryPolicy.Retries.class).attemptTimeout(), clock, limiter::granted);
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

    /** Every policy bean, in {@code @Order}; Spring sorts the list. */
    @Bean
    DeliveryPolicies deliveryPolicies(List<DeliveryPolicy> policies) {
        return new DeliveryPolicies(policies);
    }

    @Bean
    DeliveryLoop deliveryLoop(DeliveryProperties delivery, Settings settings, ItemLedger ledger,
                              DeliveryLimiter limiter, DeliveryPolicies policies, Batching batching,
                              ConsumerClient client, ConsumerHealth health, DeliveryTracing tracing,
                              ProducerTimers timers) {
        return new DeliveryLoop(delivery, () -> settings.get(RetryPolicy.Retries.class).attemptTimeout(),
                () -> new DeliveryWorker(ledger, limiter, policies, batching, client, health, tracing, timers));
    }
}
