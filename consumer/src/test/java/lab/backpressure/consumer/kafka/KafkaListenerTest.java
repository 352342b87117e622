package lab.backpressure.consumer.kafka;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer's Kafka lane against spring-kafka-test's embedded KRaft broker: records of {@code lab.items} are
 * processed as {@code /process} processes items and their offsets committed (the lag drains to 0); listener slots
 * follow {@code concurrency} up to the 6 partitions; a failing record is retried, then dead-lettered; a pause longer
 * than {@code max.poll.interval.ms} costs no rebalance; a record begun by a crashed owner is counted a duplicate.
 */
@SpringBootTest(properties = {
        "lab.consumer.processing-time-ms=10",
        "lab.consumer.kafka.client.max-poll-interval=2s",
        "lab.consumer.kafka.client.lag-interval=100ms",
        "lab.consumer.kafka.client.retry-backoff=20ms"})
@ActiveProfiles("kafka")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@AutoConfigureMockMvc
class KafkaListenerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${spring.kafka.bootstrap-servers}")
    private String brokers;
    @Autowired
    private MockMvcTester mvc;
    @Autowired
    private ItemListener listener;
    private KafkaProducer<String, byte[]> producer;
    private long nextId = 1;

    @BeforeEach
    void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(), new ByteArraySerializer());
        config("{\"processing_time_ms\": 10, \"concurrency\": 1, \"failure_rate\": 0, \"kafka_paused\": false,"
                + " \"max_poll_records\": 10}");
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void recordsAreProcessedLikeRequestsAndTheLagDrainsToZero() {
        long processedBefore = status().required("processed").longValue();
        send(30);

        JsonNode drained = await().atMost(PATIENCE).until(this::status, status ->
                status.required("processed").longValue() == processedBefore + 30
                        && status.required("kafka").required("lag").longValue() == 0);
        JsonNode kafka = drained.required("kafka");
        assertThat(kafka.required("lag_by_partition").properties()).as("every partition").hasSize(6)
                .allSatisfy(partition -> assertThat(partition.getValue().longValue()).isZero());
        assertThat(kafka.required("oldest_unprocessed_age_ms").longValue()).as("nothing waits").isEqualTo(-1);
        assertThat(kafka.required("group").asString()).isEqualTo("lab-consumers");
    }

    @Test
    void listenerSlotsFollowConcurrencyUpToThePartitions() {
        config("{\"concurrency\": 3}");
        assertThat(status().required("kafka").required("listener_slots").intValue()).isEqualTo(3);
        config("{\"concurrency\": 10}");
        assertThat(status().required("kafka").required("listener_slots").intValue()).as("6 partitions").isEqualTo(6);
    }

    @Test
    void aRecordThatKeepsFailingIsRetriedThenDeadLettered() {
        JsonNode before = status();
        config("{\"failure_rate\": 1.0}");
        long id = send(1).getFirst();

        await().atMost(PATIENCE).until(() -> status().required("kafka").required("dead_letters").longValue()
                == before.required("kafka").required("dead_letters").longValue() + 1);
        JsonNode after = status();
        assertThat(after.required("failed").longValue() - before.required("failed").longValue())
                .as("three attempts, each failed").isEqualTo(3);
        assertThat(deadLetterIds()).contains(Long.toString(id));
        await("its offset committed").atMost(PATIENCE)
                .until(() -> status().required("kafka").required("lag").longValue() == 0);
    }

    @Test
    void aPauseLongerThanTheMaxPollIntervalCostsNoRebalance() {
        long rebalancesBefore = status().required("kafka").required("rebalances").longValue();
        long processedBefore = status().required("processed").longValue();
        config("{\"kafka_paused\": true}");
        send(5);

        await().pollDelay(Duration.ofSeconds(5)).atMost(PATIENCE).until(this::status, status ->
                status.required("kafka").required("paused").booleanValue());
        JsonNode paused = status();
        assertThat(paused.required("processed").longValue()).as("nothing handed out").isEqualTo(processedBefore);
        assertThat(paused.required("kafka").required("lag").longValue()).isEqualTo(5);
        assertThat(paused.required("kafka").required("oldest_unprocessed_age_ms").longValue())
                .as("the records waited through the pause").isGreaterThan(2000);

        config("{\"kafka_paused\": false}");
        JsonNode resumed = await().atMost(PATIENCE).until(this::status, status ->
                status.required("processed").longValue() == processedBefore + 5);
        assertThat(resumed.required("kafka").required("rebalances").longValue())
                .as("paused 5 s with max.poll.interval.ms at 2 s").isEqualTo(rebalancesBefore);
    }

    @Test
    void aRecordBegunByACrashedOwnerIsCountedADuplicate() {
        TopicPartition partition = new TopicPartition(KafkaLane.TOPIC, 0);
        MockConsumer<String, byte[]> crashed = new MockConsumer<>("earliest");
        crashed.assign(List.of(partition));
        crashed.commitSync(Map.of(partition, new OffsetAndMetadata(41, ItemListener.STARTED)));
        long duplicatesBefore = listener.duplicates();

        listener.onPartitionsAssigned(crashed, List.of(partition));
        listener.onMessage(record(partition, 40), crashed);
        assertThat(listener.duplicates()).as("an offset before the one begun").isEqualTo(duplicatesBefore);
        listener.onMessage(record(partition, 41), crashed);
        listener.onMessage(record(partition, 41), crashed);

        assertThat(listener.duplicates()).as("the begun record, counted once").isEqualTo(duplicatesBefore + 1);
        assertThat(crashed.committed(Set.of(partition)).get(partition).metadata()).isEqualTo(ItemListener.STARTED);
    }

    private ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "1000" + offset,
                item(1000 + offset));
    }

    private List<Long> send(int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = nextId++;
            producer.send(new ProducerRecord<>(KafkaLane.TOPIC, Long.toString(id), item(id)));
            ids.add(id);
        }
        producer.flush();
        return ids;
    }

    private static byte[] item(long id) {
        return "{\"id\": %d, \"created_at\": %d, \"enqueued_at\": %d, \"payload\": \"x\"}"
                .formatted(id, System.currentTimeMillis(), System.currentTimeMillis())
                .getBytes(StandardCharsets.UTF_8);
    }

    private List<String> deadLetterIds() {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            reader.subscribe(List.of(KafkaLane.DEAD_LETTERS));
            await().atMost(PATIENCE).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
                return !keys.isEmpty();
            });
        }
        return keys;
    }

    private void config(String body) {
        MvcTestResult result = mvc.post().uri("/admin/config").contentType(MediaType.APPLICATION_JSON).content(body)
                .exchange();
        assertThat(result).hasStatusOk();
    }

    private JsonNode status() {
        MvcTestResult result = mvc.get().uri("/status").exchange();
        try {
            return JSON.readTree(result.getResponse().getContentAsString());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
