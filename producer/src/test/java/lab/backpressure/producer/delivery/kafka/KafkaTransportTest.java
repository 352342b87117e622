package lab.backpressure.producer.delivery.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lab.backpressure.producer.testing.ProducerApi;
import lab.backpressure.producer.testing.StubConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code transport: kafka} against spring-kafka-test's embedded KRaft broker: the producer creates {@code lab.items}
 * with 6 partitions, writes each item keyed by its id, and switching between http and kafka while the generator runs
 * loses nothing: every item sent is on the topic or at the consumer, exactly once, and every reading balances.
 */
@SpringBootTest(properties = {
        "lab.producer.production-rate=200",
        "lab.producer.producing=false",
        "lab.producer.payload-bytes=64",
        "lab.producer.delivery.backoff.initial=5ms",
        "lab.producer.delivery.backoff.max=20ms"})
@ActiveProfiles("kafka")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@AutoConfigureMockMvc
@DirtiesContext
class KafkaTransportTest {

    private static final StubConsumer CONSUMER = StubConsumer.up();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Value("${spring.kafka.bootstrap-servers}")
    private String brokers;
    private ProducerApi api;

    @DynamicPropertySource
    static void consumer(DynamicPropertyRegistry registry) {
        registry.add("lab.producer.consumer-url", CONSUMER::url);
    }

    @AfterAll
    static void stopConsumer() {
        CONSUMER.close();
    }

    @Autowired
    void api(MockMvcTester mvc) {
        api = new ProducerApi(mvc);
    }

    @Test
    void switchingTransportsWhileProducingLosesNothingAndKeysEachItemById() {
        assertThat(api.status().required("delivery").required("kafka_partitions").intValue())
                .as("the topic the producer created").isEqualTo(6);
        List<JsonNode> readings = new ArrayList<>();
        api.postOk("/admin/config", "{\"producing\": true}");
        for (String transport : List.of("kafka", "http", "kafka", "http", "kafka")) {
            api.postOk("/admin/config", "{\"transport\": \"" + transport + "\"}");
            long sentBefore = api.status().required("totals").required("sent").longValue();
            await().atMost(PATIENCE).until(() -> {
                JsonNode status = api.status();
                readings.add(status);
                return status.required("totals").required("sent").longValue() >= sentBefore + 30;
            });
            assertThat(api.status().required("delivery").required("transport").asString()).isEqualTo(transport);
        }
        api.postOk("/admin/config", "{\"producing\": false}");
        JsonNode settled = await().atMost(PATIENCE).until(api::status, status ->
                status.required("queue").required("size").longValue() == 0
                        && status.required("totals").required("in_flight").longValue() == 0);
        readings.forEach(ProducerApi::assertBooksBalance);
        ProducerApi.assertBooksBalance(settled);
        long sent = settled.required("totals").required("sent").longValue();
        assertThat(settled.required("totals").required("failed").longValue()).isZero();

        List<ConsumerRecord<String, byte[]>> records = readTopic(sent - CONSUMER.receivedIds().size());
        Set<Long> onTopic = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode item = ProducerApi.json(new String(record.value()));
            assertThat(record.key()).as("the key is the item's id").isEqualTo(item.required("id").asString());
            onTopic.add(item.required("id").longValue());
        }
        Set<Long> atConsumer = new HashSet<>(CONSUMER.receivedIds());
        assertThat(onTopic).as("written to the topic %d times", records.size()).hasSize(records.size());
        assertThat(onTopic).as("both lanes carried items").isNotEmpty();
        assertThat(atConsumer).as("both lanes carried items").isNotEmpty().doesNotContainAnyElementsOf(onTopic);
        assertThat(onTopic.size() + atConsumer.size()).as("every item sent arrived once, by one lane").isEqualTo(sent);
        assertThat(records.stream().map(ConsumerRecord::partition).distinct().count())
                .as("ids spread over the partitions").isGreaterThan(1);
    }

    /** Every record on the topic, reading until {@code expected} arrived and a little longer for any extra. */
    private List<ConsumerRecord<String, byte[]>> readTopic(long expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "transport-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(KafkaItemSender.TOPIC));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
