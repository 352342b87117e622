package lab.backpressure.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.OptionalLong;

/**
 * {@code process_resident_memory_bytes}, the name of Prometheus' own process collector: the memory a container's
 * limit counts, which the JVM's heap and non-heap gauges together do not show. Only where /proc/self/status
 * exists; elsewhere the gauge is left out rather than reporting a made-up value.
 */
class ResidentSetSizeGauge implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        if (ResidentSetSize.bytes().isPresent()) {
            Gauge.builder("process.resident.memory", ResidentSetSizeGauge::residentBytes)
                    .description("Resident set size: the process's memory in RAM, as a container limit counts it")
                    .baseUnit(BaseUnits.BYTES)
                    .register(registry);
        }
    }

    private static double residentBytes() {
        OptionalLong bytes = ResidentSetSize.bytes();
        return bytes.isPresent() ? bytes.getAsLong() : Double.NaN;
    }
}
