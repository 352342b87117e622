package lab.backpressure.consumer.kafka;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import lab.backpressure.consumer.processing.InvalidHeaderException;
import lab.backpressure.consumer.processing.WaitingRoom;
import lab.backpressure.consumer.processing.WorkProcessor;
import lab.backpressure.support.problem.InvalidFieldException;
import lab.backpressure.support.settings.Settings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka lane, only with the Spring profile {@code kafka} and {@code spring.kafka.bootstrap-servers}. The consumer
 * has spring-kafka but not Spring Boot's Kafka module, so without both nothing Kafka is made, auto-configured or not.
 */
@Configuration(proxyBeanMethods = false)
@Profile("kafka")
@ConditionalOnProperty("spring.kafka.bootstrap-servers")
class KafkaLaneConfiguration {

    private final Map<String, Object> client;

    KafkaLaneConfiguration(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.client = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    @Bean
    KafkaAdmin kafkaAdmin() {
        return new KafkaAdmin(client);
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdminClient(KafkaAdmin admin) {
        return Admin.create(admin.getConfigurationProperties());
    }

    @Bean
    KafkaLane kafkaLane(KafkaAdmin admin, KafkaClientProperties properties) {
        KafkaLane lane = new KafkaLane(admin, properties.partitions());
        lane.createTopics();
        return lane;
    }

    /** The listener's consumers, with the kafka_consumer_* meters; offsets are committed by the container. */
    @Bean
    DefaultKafkaConsumerFactory<String, byte[]> kafkaConsumerFactory(KafkaClientProperties properties,
                                                                     MeterRegistry registry) {
        Map<String, Object> config = consumerConfig(properties);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaLane.GROUP);
        DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(config,
                new StringDeserializer(), new ByteArrayDeserializer());
        factory.addListener(new MicrometerConsumerListener<>(registry));
        return factory;
    }

    /** Dead letters keep the record's key and value; the broker chooses their partition. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaClientProperties properties, ItemListener listener,
                                          MeterRegistry registry) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "lab-consumer-dead-letters");
        DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(config,
                new StringSerializer(), new ByteArraySerializer());
        producers.addListener(new MicrometerProducerListener<>(registry));
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producers),
                (record, failure) -> new TopicPartition(KafkaLane.DEAD_LETTERS, -1));
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.maxAttempts() - 1);
        backOff.setInitialInterval(properties.retryBackoff().toMillis());
        backOff.setMultiplier(2);
        backOff.setMaxInterval(properties.retryBackoff().toMillis() * 10);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
            deadLetters.accept(record, failure);
            listener.deadLettered();
        }, backOff);
        // a record that cannot be read will never be: no retries
        handler.addNotRetryableExceptions(JacksonException.class, InvalidFieldException.class,
                InvalidHeaderException.class);
        return handler;
    }

    @Bean
    ItemListener itemListener(WorkProcessor processor, WaitingRoom waitingRoom, JsonMapper json) {
        return new ItemListener(processor, waitingRoom, json);
    }

    @Bean
    ListenerContainer listenerContainer(DefaultKafkaConsumerFactory<String, byte[]> consumers, ItemListener listener,
                                        DefaultErrorHandler errorHandler, Settings settings, KafkaLane lane) {
        return new ListenerContainer((slots, overrides) -> {
            ContainerProperties container = new ContainerProperties(KafkaLane.TOPIC);
            container.setGroupId(KafkaLane.GROUP);
            container.setAckMode(ContainerProperties.AckMode.RECORD);
            // a synchronous commit per record cost a slot of 10 ms items more than its processing (seen: 8 slots
            // took 230 records/s of 800); asynchronous ones keep their order, which the duplicate count needs
            container.setSyncCommits(false);
            container.setMessageListener(listener);
            container.setConsumerRebalanceListener(listener);
            Properties consumerOverrides = new Properties();
            consumerOverrides.putAll(overrides);
            container.setKafkaConsumerProperties(consumerOverrides);
            ConcurrentMessageListenerContainer<String, byte[]> listeners =
                    new ConcurrentMessageListenerContainer<>(consumers, container);
            listeners.setConcurrency(slots);
            listeners.setCommonErrorHandler(errorHandler);
            listeners.setBeanName("lab-items");
            return listeners;
        }, settings, lane);
    }

    @Bean
    Lag kafkaLag(Admin admin, KafkaClientProperties properties, ItemListener listener, ListenerContainer container,
                 Clock clock) {
        Map<String, Object> peeker = consumerConfig(properties);
        // one record batch per partition is all a reading needs: its first record's timestamp
        peeker.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1);
        // named, for its peeks show in an item's trace beside the listener's (the agent traces every record read)
        peeker.put(ConsumerConfig.CLIENT_ID_CONFIG, "lab-lag-reader");
        return new Lag(admin, () -> new KafkaConsumer<>(peeker, new StringDeserializer(),
                new ByteArrayDeserializer()), listener, container, properties.lagInterval(), clock);
    }

    /** Without a group: the lag reader's peeking consumer has none, and commits nothing. */
    private Map<String, Object> consumerConfig(KafkaClientProperties properties) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) properties.maxPollInterval().toMillis());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis());
        return config;
    }
}
