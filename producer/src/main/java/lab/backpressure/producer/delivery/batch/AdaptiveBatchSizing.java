package lab.backpressure.producer.delivery.batch;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.producer.delivery.DeliveryResult;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * A batch target that follows the backlog, AIMD-style as TCP's window: it starts at 1 and never leaves
 * 1 … {@code batch_size}.
 * <ul>
 * <li>Grows by {@link #GROWTH} with each batch delivered whole while a backlog stood (the queue still held at least
 * the target when the batch was taken) and the round trip stayed under {@code batch_rtt_target_ms}: a fuller
 * request spreads the consumer's fixed cost per request over more items.</li>
 * <li>Takes {@link #GROWTH} off when a round trip passes {@code batch_rtt_target_ms}: every item of a batch waits
 * for the whole batch, so the target also bounds the latency batching adds; without it a slow-down that pushes
 * every round trip past the target would leave the batch as large as it had grown.</li>
 * <li>Halves on a throttle, a timeout or a 413: the consumer asked for less, or the batch was too much for it.</li>
 * <li>Halves when a take could not fill the target because the queue ran dry: with no backlog batching buys
 * nothing, and a small target lets a take with a linger end as soon as the few items that come are there. So
 * under a steady load it settles near the smallest batch that keeps up, where the latency is lowest.</li>
 * </ul>
 * Failed items and refusals leave it alone: they say nothing about how large a request should be.
 */
@Component
public final class AdaptiveBatchSizing implements BatchSizing {

    public static final String NAME = "adaptive";
    /**
     * One item more per good round trip, TCP's additive increase: from 1 to 20 in 19 requests, which take 1.9 s
     * at Exercise 15's consumer (50 ms per request + 5 ms per item).
     */
    static final int GROWTH = 1;
    /** Halving, TCP's multiplicative decrease: ten halvings bring even the largest batch down to one. */
    static final int DECREASE_DIVISOR = 2;

    /**
     * @param batchRttTargetMs the round trip the adaptive target keeps a batch under; 1 s is five times the round
     *                         trip of one item at the handout's consumer with two requests at its door
     */
    @ConfigurationProperties("lab.producer.delivery")
    public record RttTarget(@Positive @Max(60_000) @DefaultValue("1000") long batchRttTargetMs)
            implements AdminSettings {
    }

    private final Settings settings;
    /** Guarded by this: workers take and hear answers concurrently. */
    private int target = 1;

    public AdaptiveBatchSizing(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The learnt target, within the current {@code batch_size}. */
    @Override
    public synchronized int target() {
        return Math.min(target, maximum());
    }

    @Override
    public synchronized void restart() {
        target = 1;
    }

    @Override
    public synchronized void taken(TakenBatch batch) {
        if (batch.size() < target() && batch.queueSize() == 0) {
            halve();
        }
    }

    @Override
    public synchronized void answered(TakenBatch batch, DeliveryResult result, Duration roundTrip) {
        switch (result) {
            case DeliveryResult.Delivered _ -> {
                if (roundTrip.toMillis() > settings.get(RttTarget.class).batchRttTargetMs()) {
                    target = Math.max(1, target() - GROWTH);
                } else if (batch.queueSize() >= target()) {
                    target = Math.min(maximum(), target() + GROWTH);
                }
            }
            case DeliveryResult.Throttled _, DeliveryResult.TimedOut _, DeliveryResult.TooLarge _ -> halve();
            default -> {
                // failed items, refusals, nothing sent: no word on the batch's size
            }
        }
    }

    private void halve() {
        target = Math.max(1, target() / DECREASE_DIVISOR);
    }

    private int maximum() {
        return settings.get(BatchSettings.class).batchSize();
    }
}
