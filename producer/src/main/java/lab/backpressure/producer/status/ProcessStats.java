package lab.backpressure.producer.status;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.util.OptionalLong;

import lab.backpressure.support.metrics.ResidentSetSize;
import org.springframework.stereotype.Component;

/** The process's memory and age, for the {@code process} part of {@code /status}. */
@Component
class ProcessStats {

    private static final double MILLIS_PER_SECOND = 1000.0;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();

    ProducerStatus.ProcessMemory read() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        OptionalLong rss = ResidentSetSize.bytes();
        return new ProducerStatus.ProcessMemory(
                Mebibytes.of(heap.getUsed()),
                Mebibytes.of(heap.getCommitted()),
                heap.getMax() < 0 ? null : Mebibytes.of(heap.getMax()),
                rss.isPresent() ? Mebibytes.of(rss.getAsLong()) : null,
                runtime.getUptime() / MILLIS_PER_SECOND);
    }
}
