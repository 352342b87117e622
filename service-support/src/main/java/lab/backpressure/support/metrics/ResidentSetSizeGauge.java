package lab.backpressure.support.metrics;

import java.util.OptionalLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code process_resident_memory_bytes}, the name of Prometheus' own process collector, and its anonymous part
 * {@code process_resident_anonymous_memory_bytes}, the memory a container's limit really holds the process to
 * (within a few MiB of {@code docker stats}): the JVM's heap and non-heap gauges together show neither. Only
 * where /proc/self/status exists; elsewhere the gauges are left out rather than reporting a made-up value.
 */
class ResidentSetSizeGauge implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        register(registry, "process.resident.memory", ResidentSetSize::bytes,
                "Resident set size: the process's memory in RAM, file-backed pages (mapped jars) included");
        register(registry, "process.resident.anonymous.memory", ResidentSetSize::anonymousBytes,
                "Anonymous resident memory (heap, metaspace, code, threads): what a container's limit holds the process to");
    }

    private static void register(MeterRegistry registry, String name, Supplier<OptionalLong> reading,
                                 String description) {
        if (reading.get().isPresent()) {
            Gauge.builder(name, () -> {
                        OptionalLong bytes = reading.get();
                        return bytes.isPresent() ? bytes.getAsLong() : Double.NaN;
                    })
                    .description(description)
                    .baseUnit(BaseUnits.BYTES)
                    .register(registry);
        }
    }
}
