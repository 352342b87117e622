package lab.backpressure.producer.mode;

import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Stale work is not worth doing: an item that has waited longer than {@code deadline_ms} when it reaches the
 * head of the queue is dropped ({@code expired}) instead of sent, so the consumer never spends time on an
 * answer nobody waits for any more (CoDel's idea, and the practice of dropping requests past the client's
 * timeout). Delivered items then waited at most the deadline; the loss shows as expiries. New items are
 * refused beyond {@code max_queue_size} ({@code full}), once the expired heads are gone.
 */
@Component
public final class DeadlineMode extends BoundedQueueMode {

    public static final String NAME = "deadline";
    public static final DropReason EXPIRED = new DropReason("expired");

    /** @param deadlineMs the longest an item may wait in the queue and still be sent */
    @ConfigurationProperties("lab.producer.modes.deadline")
    public record Deadline(@Positive @Max(3_600_000) @DefaultValue("2000") long deadlineMs) implements AdminSettings {
    }

    public DeadlineMode(Settings settings) {
        super(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Expired heads go before a new item is judged too: while no worker takes (the consumer is down), a full
     * queue of stale items would otherwise turn fresh ones away as {@code full}.
     */
    @Override
    public Admission admit(Admitting item) {
        expireStaleHeads(item, item.at());
        return super.admit(item);
    }

    @Override
    public void beforeTake(QueueView queue, long now) {
        expireStaleHeads(queue, now);
    }

    private void expireStaleHeads(QueueView queue, long now) {
        queue.evictWaitingLongerThan(settings.get(Deadline.class).deadlineMs(), now, EXPIRED);
    }

    @Override
    public Set<DropReason> dropReasons() {
        return Set.of(EXPIRED);
    }

    @Override
    public Map<String, Object> status() {
        return Map.of("deadline_ms", settings.get(Deadline.class).deadlineMs());
    }
}
