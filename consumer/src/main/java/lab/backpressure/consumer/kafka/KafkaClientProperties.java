package lab.backpressure.consumer.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka lane's startup settings ({@code lab.consumer.kafka.client.*}).
 *
 * @param partitions      partitions of {@code lab.items} when this service creates it (the producer may grow it)
 * @param maxPollInterval {@code max.poll.interval.ms}: a listener slot that does not poll again within it leaves the
 *                        group, and its partitions are rebalanced. 30 s, not Kafka's 5 minutes, so that exercise 31's
 *                        pause outlasts it within a minute; a slowed-down slot needs 10 records × 500 ms = 5 s a poll
 * @param sessionTimeout  {@code session.timeout.ms}: how long the group waits for a slot that stopped heartbeating (a
 *                        killed consumer) before its partitions go to the others; Kafka's default
 * @param lagInterval     how often the lag is read from the broker for {@code /status.kafka} and the meters
 * @param maxAttempts     attempts at a failing record before it goes to {@code lab.items.DLT}
 * @param retryBackoff    the pause before the first retry, doubling up to ten times it
 */
@ConfigurationProperties("lab.consumer.kafka.client")
public record KafkaClientProperties(
        @DefaultValue("6") int partitions,
        @DefaultValue("30s") Duration maxPollInterval,
        @DefaultValue("45s") Duration sessionTimeout,
        @DefaultValue("1s") Duration lagInterval,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("100ms") Duration retryBackoff) {
}
