package lab.backpressure.consumer.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import lab.backpressure.consumer.processing.Admission;
import lab.backpressure.consumer.processing.ItemExpiredException;
import lab.backpressure.consumer.processing.Priority;
import lab.backpressure.consumer.processing.WaitingRoom;
import lab.backpressure.consumer.processing.WorkItem;
import lab.backpressure.consumer.processing.WorkProcessor;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.ConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes each record of {@code lab.items} as {@code /process} processes a request: admitted by the waiting room
 * with the record's {@code Item-Priority}, then {@link WorkProcessor} with its processing time, distribution,
 * slow-down and failure injection. A failure is thrown to the container's error handler (retried with a back-off,
 * then dead-lettered); the container commits the record's offset once this returns (at least once).
 *
 * <p>Duplicates: before processing, the record's own offset is committed with the metadata {@value #STARTED}; after
 * it, the container commits the next offset without. A consumer that is given a partition whose committed offset
 * still says {@value #STARTED} knows the record there was being processed when its previous owner crashed (or lost
 * it in a rebalance): it may have been processed already. That record, when it comes, is counted in
 * {@link #duplicates()}. It costs one more commit per record.
 *
 * <p>Both commits are asynchronous: a consumer sends its commits in the order they are made, so the broker keeps the
 * last that arrived. A consumer killed while its last commits were still on their way leaves an earlier one: the
 * records processed in that last round trip are processed again uncounted (at most the one or two of the last
 * round trip, against a processing time of 10 ms or more), never lost.
 */
final class ItemListener implements ConsumerAwareMessageListener<String, byte[]>, ConsumerAwareRebalanceListener {

    static final String STARTED = "started";

    private final WorkProcessor processor;
    private final WaitingRoom waitingRoom;
    private final JsonMapper json;
    /** Per partition, the offset a previous owner had started on and not committed past. */
    private final Map<TopicPartition, Long> begunElsewhere = new ConcurrentHashMap<>();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rebalances = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    ItemListener(WorkProcessor processor, WaitingRoom waitingRoom, JsonMapper json) {
        this.processor = processor;
        this.waitingRoom = waitingRoom;
        this.json = json;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (begunElsewhere.remove(partition, record.offset())) {
            duplicates.incrementAndGet();
        }
        consumer.commitAsync(Map.of(partition, new OffsetAndMetadata(record.offset(), STARTED)), null);
        WorkItem item = json.readValue(record.value(), WorkItem.class)
                .withDeadlineHeader(header(record, WorkItem.DEADLINE_HEADER));
        item.requireComplete();
        Admission admission = waitingRoom.admit(Priority.ofHeader(header(record, Priority.HEADER)));
        try {
            processor.process(item, admission);
        } catch (ItemExpiredException expired) {
            // counted as expired by the processor; its offset is committed like a processed one's
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped while processing item " + item.id(), stopping);
        } finally {
            admission.leave();
            consumed.incrementAndGet();
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        consumer.committed(Set.copyOf(partitions)).forEach((partition, committed) -> {
            if (committed != null && STARTED.equals(committed.metadata())) {
                begunElsewhere.put(partition, committed.offset());
            }
        });
    }

    /** A slot giving partitions up: the group rebalances (a slot joined or left, or was too slow to poll). */
    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            rebalances.incrementAndGet();
        }
    }

    /** A slot that fell out of the group (it did not poll within max.poll.interval.ms): a rebalance too. */
    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(begunElsewhere::remove);
        if (!partitions.isEmpty()) {
            rebalances.incrementAndGet();
        }
    }

    /** Records handed to processing, whatever their outcome. */
    long consumed() {
        return consumed.get();
    }

    /** Records delivered again whose processing had begun before (see the class comment). */
    long duplicates() {
        return duplicates.get();
    }

    /** Times a slot gave up or lost its partitions in a rebalance. */
    long rebalances() {
        return rebalances.get();
    }

    /** Called by the error handler's recoverer once a record went to {@value KafkaLane#DEAD_LETTERS}. */
    void deadLettered() {
        deadLettered.incrementAndGet();
    }

    long deadLetters() {
        return deadLettered.get();
    }

    private static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
