package lab.backpressure.producer.delivery.batch;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many items one request to the consumer carries ({@code lab.producer.delivery.*}, admin fields). The
 * defaults are the handout's delivery: one item per request, sent as soon as it is queued. That
 * {@code batching} names a registered sizing is checked by {@link BatchSizings}.
 *
 * @param batching      {@code fixed}: every take may hold up to {@code batch_size}; {@code adaptive}: a target
 *                      between 1 and {@code batch_size} that follows the backlog
 * @param batchSize     the most items in one request; 1 sends each item to {@code /process} on its own
 * @param batchLingerMs how long a worker that finds fewer than its batch's worth queued waits for more; 0 takes
 *                      what is there
 */
@ConfigurationProperties("lab.producer.delivery")
public record BatchSettings(
        @NotNull @DefaultValue(FixedBatchSizing.NAME) String batching,
        @Positive @Max(MAX_BATCH_SIZE) @DefaultValue("1") int batchSize,
        @PositiveOrZero @Max(MAX_LINGER_MS) @DefaultValue("0") long batchLingerMs) implements AdminSettings {

    /** The consumer's own limit ({@code lab.consumer.max-batch-size}): a larger batch would only be answered 413. */
    public static final int MAX_BATCH_SIZE = 1000;
    /**
     * A linger trades a few milliseconds of each item's latency for fuller batches; ten seconds is far past any
     * use, and every lingering worker holds a delivery slot while it waits.
     */
    public static final long MAX_LINGER_MS = 10_000;

    public Duration linger() {
        return Duration.ofMillis(batchLingerMs);
    }
}
