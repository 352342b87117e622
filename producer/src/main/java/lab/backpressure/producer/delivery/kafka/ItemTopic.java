package lab.backpressure.producer.delivery.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.event.EventListener;

/**
 * Keeps {@value KafkaItemSender#TOPIC} at least {@code partitions} wide: created at startup if missing, grown when
 * the admin field asks for more. Its partition count is the broker's, read back for {@code /status}.
 */
final class ItemTopic implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(ItemTopic.class);

    private final Admin admin;
    private final Settings settings;
    private volatile int partitions;

    ItemTopic(Admin admin, Settings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    @Override
    public void afterPropertiesSet() throws ExecutionException, InterruptedException {
        ensure();
    }

    @EventListener
    void settingsChanged(SettingsChanged change) throws ExecutionException, InterruptedException {
        if (change.changed(KafkaSettings.class)) {
            ensure();
        }
    }

    /** The topic's partitions, as the broker last said. */
    int partitions() {
        return partitions;
    }

    private synchronized void ensure() throws ExecutionException, InterruptedException {
        int wanted = settings.get(KafkaSettings.class).partitions();
        try {
            admin.createTopics(List.of(new NewTopic(KafkaItemSender.TOPIC, wanted, (short) 1))).all().get();
            log.info("Created topic {} with {} partitions", KafkaItemSender.TOPIC, wanted);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        int current = describe();
        if (wanted > current) {
            admin.createPartitions(Map.of(KafkaItemSender.TOPIC, NewPartitions.increaseTo(wanted))).all().get();
            log.info("Grew topic {} from {} to {} partitions", KafkaItemSender.TOPIC, current, wanted);
            current = describe();
        }
        partitions = current;
    }

    private int describe() throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(KafkaItemSender.TOPIC)).allTopicNames().get()
                .get(KafkaItemSender.TOPIC).partitions().size();
    }
}
