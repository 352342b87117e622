package lab.backpressure.producer.delivery.kafka;

import java.util.Map;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import lab.backpressure.support.settings.Settings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka lane, only with the Spring profile {@code kafka} and {@code spring.kafka.bootstrap-servers}: without
 * both no Kafka client is made, nothing connects anywhere, and {@code transport: kafka} is refused. The producer has
 * kafka-clients only, not Spring Boot's Kafka module, so nothing Kafka is auto-configured either.
 */
@Configuration(proxyBeanMethods = false)
@Profile("kafka")
@ConditionalOnProperty("spring.kafka.bootstrap-servers")
class KafkaLaneConfiguration {

    private static final String CLIENT_ID = "lab-producer";

    @Bean(destroyMethod = "close")
    Producer<String, byte[]> kafkaProducer(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
                                           KafkaClientProperties client) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.BUFFER_MEMORY_CONFIG, client.bufferMemory().toBytes(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, client.maxBlock().toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) client.requestTimeout().toMillis(),
                // the least Kafka allows for the request timeout and the default linger of 5 ms
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) client.requestTimeout().toMillis() + 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The producer's kafka_producer_* meters (buffer available, record send rate, request latency, ...). */
    @Bean(destroyMethod = "close")
    KafkaClientMetrics kafkaProducerMetrics(Producer<String, byte[]> producer) {
        return new KafkaClientMetrics(producer);
    }

    @Bean
    KafkaItemSender kafkaItemSender(Producer<String, byte[]> producer, JsonMapper json, ItemTopic topic) {
        return new KafkaItemSender(producer, json, topic);
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID));
    }

    @Bean
    ItemTopic itemTopic(Admin admin, Settings settings) {
        return new ItemTopic(admin, settings);
    }
}
