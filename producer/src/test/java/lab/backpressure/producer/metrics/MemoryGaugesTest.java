package lab.backpressure.producer.metrics;

import java.lang.management.ManagementFactory;

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
    void theResidentSetHoldsAtLeastTheHeapInUse() {
        new MemoryGauges(new MemoryProperties(DataSize.ofMegabytes(256))).bindTo(registry);
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        // the tests run on Linux, as the lab's containers do; elsewhere the gauge is left out
        assertThat(registry.get("process.resident.memory").gauge().value()).isGreaterThan(heapUsed);
    }

    @Test
    void aLimitOfNothingIsRefused() {
        assertThatThrownBy(() -> new MemoryProperties(DataSize.ofBytes(0)))
                .hasMessageContaining("lab.producer.memory.limit must be positive");
    }
}
