package lab.backpressure.producer.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theLimitIsTheConfiguredSizeInBytes() {
        new MemoryGauges(new MemoryProperties(DataSize.ofMegabytes(512))).bindTo(registry);

        assertThat(registry.get("lab.memory.limit").gauge().value()).isEqualTo(512.0 * 1024 * 1024);
    }

    @Test
    void aLimitOfNothingIsRefused() {
        assertThatThrownBy(() -> new MemoryProperties(DataSize.ofBytes(0)))
                .hasMessageContaining("lab.producer.memory.limit must be positive");
    }
}
