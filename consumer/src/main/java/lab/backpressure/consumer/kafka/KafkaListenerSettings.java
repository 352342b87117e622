package lab.backpressure.consumer.kafka;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka lane's listener ({@code lab.consumer.kafka.*}, admin fields). Checked whether or not the lane is on, so
 * bad input is refused the same way everywhere. Its slots are {@code concurrency}, up to the topic's partitions.
 *
 * @param maxPollRecords the most records one poll hands a listener slot ({@code max.poll.records}); a slowed-down
 *                       consumer must finish them within {@code max.poll.interval.ms} or leave the group
 * @param kafkaPaused    true pauses the listener container: its consumers keep polling (and so stay in the group,
 *                       with their partitions) but are handed no records until it is false again
 */
@ConfigurationProperties("lab.consumer.kafka")
public record KafkaListenerSettings(
        @Positive @Max(MAX_POLL_RECORDS) @DefaultValue("10") int maxPollRecords,
        @DefaultValue("false") boolean kafkaPaused) implements AdminSettings {

    /** Kafka's own default; more only lengthens the time a slowed-down slot needs between polls. */
    public static final int MAX_POLL_RECORDS = 500;
}
