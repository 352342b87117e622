package lab.backpressure.producer.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.producer.generator.ProductionSettings;
import org.springframework.stereotype.Component;

/**
 * The queue's state and the producer's settings as gauges: {@code producer_queue_size},
 * {@code producer_queue_capacity} and {@code producer_rate_limit} (-1 when the mode has none),
 * {@code producer_queue_memory_bytes}, {@code producer_in_flight} and {@code producer_production_rate}
 * (the configured rate, also while paused), and {@code producer_take_order_lifo}: 1 while the take order takes
 * the newest item first ({@code lifo}, or {@code adaptive_lifo} under a standing queue), else 0.
 */
@Component
class QueueGauges implements MeterBinder {

    private static final int NONE = -1;

    private final ItemLedger ledger;
    private final Settings settings;

    QueueGauges(ItemLedger ledger, Settings settings) {
        this.ledger = ledger;
        this.settings = settings;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("producer.queue.size", ledger::size)
                .description("Items waiting in the queue")
                .register(registry);
        Gauge.builder("producer.queue.capacity", () -> ledger.mode().capacity().orElse(NONE))
                .description("Most items the queue may hold; -1 when the mode does not bound it")
                .register(registry);
        Gauge.builder("producer.queue.memory", ledger::queueMemoryBytes)
                .description("Heap held by queued items: payload plus per-item overhead")
                .baseUnit(BaseUnits.BYTES)
                .register(registry);
        Gauge.builder("producer.in.flight", () -> ledger.totals().inFlight())
                .description("Items taken from the queue whose delivery has not ended yet")
                .register(registry);
        Gauge.builder("producer.rate.limit", () -> ledger.mode().rateLimit().orElse(NONE))
                .description("Items/s the mode lets the generator produce; -1 when it does not throttle")
                .register(registry);
        Gauge.builder("producer.take.order.lifo", () -> ledger.takeOrder().lifoActive() ? 1 : 0)
                .description("1 while delivery takes the newest queued item first, 0 while it takes the oldest")
                .register(registry);
        Gauge.builder("producer.production.rate", () -> settings.get(ProductionSettings.class).productionRate())
                .description("Configured items/s of the generator")
                .register(registry);
    }
}
