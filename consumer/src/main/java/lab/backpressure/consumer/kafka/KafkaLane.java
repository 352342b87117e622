package lab.backpressure.consumer.kafka;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics of the Kafka lane: {@value #TOPIC} (created with {@code lab.consumer.kafka.client.partitions} when
 * missing; the producer may grow it) and {@value #DEAD_LETTERS}, whose partition the broker chooses.
 */
final class KafkaLane {

    static final String TOPIC = "lab.items";
    static final String DEAD_LETTERS = "lab.items.DLT";
    static final String GROUP = "lab-consumers";

    private final KafkaAdmin admin;
    private final int partitionsAtCreation;

    KafkaLane(KafkaAdmin admin, int partitionsAtCreation) {
        this.admin = admin;
        this.partitionsAtCreation = partitionsAtCreation;
    }

    /** Creates what is missing; grows nothing that is there. */
    void createTopics() {
        admin.createOrModifyTopics(topic(TOPIC), topic(DEAD_LETTERS));
    }

    /** The partitions of {@value #TOPIC} now, as the broker says. */
    int partitions() {
        Map<String, org.apache.kafka.clients.admin.TopicDescription> topics = admin.describeTopics(TOPIC);
        return topics.get(TOPIC).partitions().size();
    }

    private NewTopic topic(String name) {
        return TopicBuilder.name(name).partitions(partitionsAtCreation).build();
    }
}
