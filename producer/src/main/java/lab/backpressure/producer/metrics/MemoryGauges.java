package lab.backpressure.producer.metrics;

import java.util.OptionalLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The producer's memory as its container sees it: {@code process_resident_memory_bytes} (the name of
 * Prometheus' own process collector; only where /proc/self/status exists) and {@code lab_memory_limit_bytes},
 * the configured limit, so RSS approaching the limit is a query, not arithmetic in the learner's head.
 */
@Component
class MemoryGauges implements MeterBinder {

    private final MemoryProperties memory;

    MemoryGauges(MemoryProperties memory) {
        this.memory = memory;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (ResidentSetSize.bytes().isPresent()) {
            Gauge.builder("process.resident.memory", MemoryGauges::residentBytes)
                    .description("Resident set size: the process's memory in RAM, as a container limit counts it")
                    .baseUnit(BaseUnits.BYTES)
                    .register(registry);
        }
        Gauge.builder("lab.memory.limit", () -> memory.limit().toBytes())
                .description("The memory the container may use (lab.producer.memory.limit)")
                .baseUnit(BaseUnits.BYTES)
                .register(registry);
    }

    private static double residentBytes() {
        OptionalLong bytes = ResidentSetSize.bytes();
        return bytes.isPresent() ? bytes.getAsLong() : Double.NaN;
    }
}
