package lab.backpressure.producer.delivery;

import io.opentelemetry.api.GlobalOpenTelemetry;
import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.config.ProducerProperties;
import lab.backpressure.producer.metrics.ProducerTimers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    ConsumerClient consumerClient(RestClient.Builder builder, ProducerProperties producer, DeliveryProperties delivery) {
        return new ConsumerClient(builder, producer.consumerUrl(), delivery);
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

    @Bean
    DeliveryLoop deliveryLoop(DeliveryProperties delivery, ItemLedger ledger, ConsumerClient client,
                              ConsumerHealth health, DeliveryTracing tracing, ProducerTimers timers) {
        return new DeliveryLoop(delivery, () -> new DeliveryWorker(ledger, client, health, tracing, timers));
    }
}
