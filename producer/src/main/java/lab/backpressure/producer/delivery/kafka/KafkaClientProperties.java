package lab.backpressure.producer.delivery.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The Kafka producer's own backpressure ({@code lab.producer.kafka.client.*}, startup only): records wait in its
 * buffer of {@code bufferMemory} bytes until the broker takes them; when it is full, {@code send} blocks for up to
 * {@code maxBlock}, and the delivery worker with it. Past that the attempt times out and the items are retried
 * after the backoff, still counted in flight: the queue mode in front decides what happens to new ones.
 */
@ConfigurationProperties("lab.producer.kafka.client")
public record KafkaClientProperties(@DefaultValue("8MB") DataSize bufferMemory,
                                    @DefaultValue("5s") Duration maxBlock,
                                    @DefaultValue("10s") Duration requestTimeout) {
}
