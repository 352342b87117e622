package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.metrics.WaitHistogram;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * True backpressure: when the queue holds {@code max_queue_size} items, the generator waits for space, so
 * production follows the consumer's pace with nothing lost and memory bounded. A generated item still without
 * space after {@code block_timeout_ms} is rejected ({@code block_timeout}), so a dead consumer shows as
 * rejections rather than a silent stall. Burst items never wait: beyond the free space they are rejected as
 * {@code full}. Each wait is recorded in {@code producer_block_wait_seconds}.
 */
@Component
final class BlockMode extends BoundedQueueMode {

    public static final String NAME = "block";
    public static final RejectionReason BLOCK_TIMEOUT = new RejectionReason("block_timeout");

    /** @param blockTimeoutMs how long the generator may wait for space before its item is rejected */
    @ConfigurationProperties("lab.producer.modes.block")
    public record Timeout(@PositiveOrZero @Max(60_000) @DefaultValue("5000") long blockTimeoutMs)
            implements AdminSettings {
    }

    private final Timer waits;
    private volatile boolean blocked;

    public BlockMode(Settings settings, MeterRegistry registry) {
        super(settings);
        this.waits = WaitHistogram.register("producer.block.wait",
                "Time the generator waited for space in a full queue (block mode; 0 when there was space)", registry);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Waits while the queue is full; the item that follows is rejected if the wait timed out. */
    @Override
    public Optional<Duration> awaitProductionPermit(QueueWatch queue) throws InterruptedException {
        if (queue.size() < bound()) {
            waits.record(Duration.ZERO);
            return Optional.of(Duration.ZERO);
        }
        long start = System.nanoTime();
        blocked = true;
        try {
            queue.awaitSizeAtMost(bound() - 1, Duration.ofMillis(settings.get(Timeout.class).blockTimeoutMs()));
        } finally {
            blocked = false;
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        waits.record(waited);
        return Optional.of(waited);
    }

    /** After {@link #awaitProductionPermit}: still full means the wait ran out. */
    @Override
    public Admission admit(Admitting item) {
        return full(item) ? item.reject(BLOCK_TIMEOUT) : item.append();
    }

    @Override
    public Admission admitBurstItem(Admitting item) {
        return super.admit(item);
    }

    @Override
    public Set<RejectionReason> rejectionReasons() {
        return Set.of(BLOCK_TIMEOUT, RejectionReason.FULL);
    }

    @Override
    public Map<String, Object> status() {
        return Map.of("block_timeout_ms", settings.get(Timeout.class).blockTimeoutMs(), "blocked", blocked);
    }
}
