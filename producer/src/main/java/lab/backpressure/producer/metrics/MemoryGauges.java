package lab.backpressure.producer.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code lab_memory_limit_bytes}, the producer container's configured limit, next to the
 * {@code process_resident_memory_bytes} of service-support, so RSS approaching the limit is a query, not
 * arithmetic in the learner's head.
 */
@Component
class MemoryGauges implements MeterBinder {

    private final MemoryProperties memory;

    MemoryGauges(MemoryProperties memory) {
        this.memory = memory;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("lab.memory.limit", () -> memory.limit().toBytes())
                .description("The memory the container may use (lab.producer.memory.limit)")
                .baseUnit(BaseUnits.BYTES)
                .register(registry);
    }
}
