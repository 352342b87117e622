package lab.backpressure.producer.delivery.kafka;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topic {@code lab.items} ({@code lab.producer.kafka.partitions}, admin field {@code partitions}). Checked
 * whether or not the Kafka lane is on, so bad input is refused the same way everywhere.
 *
 * @param partitions how many partitions the topic has at least: it is created with them, and grown to a larger
 *                   number at runtime. Kafka cannot take partitions away, so a smaller number leaves the topic as it is
 */
@ConfigurationProperties("lab.producer.kafka")
public record KafkaSettings(@Positive @Max(MAX_PARTITIONS) @DefaultValue("6") int partitions) implements AdminSettings {

    /** Far past the lab's use (one consumer slot per partition); each partition costs the broker files. */
    public static final int MAX_PARTITIONS = 64;
}
