package lab.backpressure.producer.metrics;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lab.producer.memory.limit}: the memory the producer's container may use ({@code mem_limit} in
 * docker-compose.yml; the default in application.yml matches it). The producer cannot be told its
 * limit by a plain {@code java -jar}, so it is configured, and published as {@code lab_memory_limit_bytes}
 * for the dashboard's limit line and the MemoryNearLimit alert.
 */
@ConfigurationProperties("lab.producer.memory")
@Validated
record MemoryProperties(@NotNull DataSize limit) {

    public MemoryProperties {
        if (limit != null && limit.toBytes() <= 0) {
            throw new IllegalArgumentException("lab.producer.memory.limit must be positive, not " + limit);
        }
    }
}
