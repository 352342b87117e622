package lab.backpressure.producer.mode;

import java.util.Map;
import java.util.OptionalLong;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Adaptive LIFO (Maurer, "Fail at Scale"; Wangle, Thrift): first in, first out while the queue drains, so
 * ordinary waits stay fair; last in, first out once the queue has stood non-empty for {@code lifo_after_ms}, a
 * backlog in which the oldest items' clients have likely given up, so the newest items, still wanted, go first.
 * Back to FIFO as soon as the queue empties. The default, 500 ms, is five items' work at the handout's 100 ms,
 * as the {@code codel} target. The order's state is {@code lifo_active} in {@code /status.queue} and
 * {@code producer_take_order_lifo}, as of the last take.
 */
@Component
final class AdaptiveLifoOrder implements TakeOrder {

    static final String NAME = "adaptive_lifo";

    /** @param lifoAfterMs how long the queue must stand non-empty before the newest item goes first */
    @ConfigurationProperties("lab.producer.take-orders.adaptive-lifo")
    public record LifoAfter(@PositiveOrZero @Max(3_600_000) @DefaultValue("500") long lifoAfterMs) implements AdminSettings {
    }

    private final Settings settings;
    private volatile boolean lifo;

    AdaptiveLifoOrder(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WorkItem take(Taking queue, long now) {
        OptionalLong standingSince = queue.standingSince();
        lifo = standingSince.isPresent()
                && now - standingSince.getAsLong() >= settings.get(LifoAfter.class).lifoAfterMs();
        return lifo ? queue.takeNewest() : queue.takeOldest();
    }

    @Override
    public boolean lifoActive() {
        return lifo;
    }

    @Override
    public Map<String, Object> status() {
        return Map.of("lifo_after_ms", settings.get(LifoAfter.class).lifoAfterMs());
    }
}
