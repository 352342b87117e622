package lab.backpressure.support.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ResidentSetSizeGaugeTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theResidentSetHoldsAtLeastTheHeapInUse() {
        new ResidentSetSizeGauge().bindTo(registry);
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        // the tests run on Linux, as the lab's containers do; elsewhere the gauge is left out
        assertThat(registry.get("process.resident.memory").gauge().value()).isGreaterThan(heapUsed);
    }

    @Test
    void theAnonymousPartHoldsTheHeapInUseAndIsPartOfTheResidentSet() {
        new ResidentSetSizeGauge().bindTo(registry);
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        double anonymous = registry.get("process.resident.anonymous.memory").gauge().value();
        assertThat(anonymous).isGreaterThan(heapUsed)
                .isLessThanOrEqualTo(registry.get("process.resident.memory").gauge().value());
    }
}
