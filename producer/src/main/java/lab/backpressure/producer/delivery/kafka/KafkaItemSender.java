package lab.backpressure.producer.delivery.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import lab.backpressure.producer.delivery.DeliveryResult;
import lab.backpressure.producer.delivery.ItemSender;
import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code transport: kafka}: writes each item to {@value #TOPIC}, keyed by its id, its JSON as {@code /process}
 * gets it and its priority and client deadline as headers of the same names. An item counts as delivered once
 * the broker acknowledged it (acks=all); the consumer's outcome is the consumer's to count. When the producer's
 * buffer is full, {@code send} blocks (up to {@code max.block.ms}): the worker, and so the delivery, waits for
 * the broker. A {@code send} that timed out is a {@link DeliveryResult.TimedOut}, retried after the backoff.
 */
final class KafkaItemSender implements ItemSender {

    static final String NAME = "kafka";
    static final String TOPIC = "lab.items";
    static final String DEADLINE_HEADER = "Item-Deadline";

    private final Producer<String, byte[]> producer;
    private final JsonMapper json;
    private final ItemTopic topic;

    KafkaItemSender(Producer<String, byte[]> producer, JsonMapper json, ItemTopic topic) {
        this.producer = producer;
        this.json = json;
        this.topic = topic;
    }

    @Override
    public Map<String, Object> status() {
        return Map.of("kafka_topic", TOPIC, "kafka_partitions", topic.partitions());
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Hands every item to the Kafka producer, then waits for each acknowledgement. Items handed over before a
     * failure are not counted failed unless their own acknowledgement failed: sending them again would write
     * them twice.
     */
    @Override
    public DeliveryResult send(List<WorkItem> items, ItemPriority priority) throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        Set<Long> failed = new LinkedHashSet<>();
        String error = null;
        boolean timedOut = false;
        for (WorkItem item : items) {
            try {
                acks.add(producer.send(record(item, priority)));
            } catch (KafkaException e) {
                timedOut = e instanceof TimeoutException;
                error = describe(e);
                items.subList(acks.size(), items.size()).forEach(unsent -> failed.add(unsent.id()));
                break;
            }
        }
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
            } catch (ExecutionException e) {
                timedOut |= e.getCause() instanceof TimeoutException;
                error = describe(e.getCause());
                failed.add(items.get(i).id());
            }
        }
        if (failed.isEmpty()) {
            return DeliveryResult.Delivered.INSTANCE;
        }
        if (failed.size() < items.size()) {
            return new DeliveryResult.PartlyDelivered(failed, error);
        }
        return timedOut ? new DeliveryResult.TimedOut(error) : new DeliveryResult.Unavailable(error);
    }

    private ProducerRecord<String, byte[]> record(WorkItem item, ItemPriority priority) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, Long.toString(item.id()),
                json.writeValueAsBytes(item));
        record.headers().add(ItemPriority.HEADER, priority.value().getBytes(StandardCharsets.UTF_8));
        if (item.hasDeadline()) {
            record.headers().add(DEADLINE_HEADER, Long.toString(item.deadlineAt()).getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static String describe(Throwable failure) {
        return "Kafka: " + failure.getClass().getName() + ": " + failure.getMessage();
    }
}
