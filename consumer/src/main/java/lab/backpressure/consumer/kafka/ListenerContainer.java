package lab.backpressure.consumer.kafka;

import java.util.Map;
import java.util.function.BiFunction;

import lab.backpressure.consumer.processing.Processing;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * The listener container of group {@value KafkaLane#GROUP}, kept in step with the settings: {@code concurrency}
 * listener slots (up to the topic's partitions, past which a slot would get none) and {@code max_poll_records}. A
 * change to either replaces the container (its slots leave the group and the new ones join: a rebalance);
 * {@code kafka_paused} pauses or resumes the running one, whose consumers stay in the group.
 */
final class ListenerContainer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ListenerContainer.class);

    /** Builds a container for a number of slots and the consumer properties that override the factory's. */
    private final BiFunction<Integer, Map<String, Object>, ConcurrentMessageListenerContainer<String, byte[]>> build;
    private final Settings settings;
    private final KafkaLane lane;
    private ConcurrentMessageListenerContainer<String, byte[]> container;
    private int slots;
    private int maxPollRecords;

    ListenerContainer(BiFunction<Integer, Map<String, Object>, ConcurrentMessageListenerContainer<String, byte[]>> build,
                      Settings settings, KafkaLane lane) {
        this.build = build;
        this.settings = settings;
        this.lane = lane;
    }

    @Override
    public synchronized void start() {
        Settings now = settings.now();
        slots = Math.min(now.get(Processing.class).concurrency(), lane.partitions());
        maxPollRecords = now.get(KafkaListenerSettings.class).maxPollRecords();
        container = build.apply(slots, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords));
        container.start();
        applyPause(now.get(KafkaListenerSettings.class));
        log.info("Kafka listener: {} slots on {} partitions, max.poll.records {}", slots, lane.partitions(),
                maxPollRecords);
    }

    @Override
    public synchronized void stop() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return container != null && container.isRunning();
    }

    @EventListener
    synchronized void settingsChanged(SettingsChanged change) {
        if (container == null) {
            return;
        }
        Settings now = settings.now();
        int wantedSlots = Math.min(now.get(Processing.class).concurrency(), lane.partitions());
        if (wantedSlots != slots || now.get(KafkaListenerSettings.class).maxPollRecords() != maxPollRecords) {
            stop();
            start();
        } else if (change.changed(KafkaListenerSettings.class)) {
            applyPause(now.get(KafkaListenerSettings.class));
        }
    }

    private void applyPause(KafkaListenerSettings listener) {
        if (listener.kafkaPaused()) {
            container.pause();
        } else {
            container.resume();
        }
    }

    /** {@code slots}, {@code max_poll_records} in use and whether the container is paused, for {@code /status.kafka}. */
    synchronized Map<String, Object> status() {
        boolean paused = container != null && container.isContainerPaused();
        return Map.of("listener_slots", container == null ? 0 : slots, "paused", paused);
    }
}
