package lab.backpressure.producer.metrics;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.mode.QueueModeSwitched;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code producer_queue_mode_info{mode="..."} 1} for the active mode. Prometheus' Java client exports every
 * meter named {@code *.info} as an info metric, whose value is always 1, so inactive modes cannot be shown
 * as 0: the series of the previous mode is removed on a switch instead.
 */
@Component
class QueueModeInfo implements MeterBinder {

    private static final String MODE = "mode";
    private static final int ACTIVE = 1;

    private final ItemLedger ledger;
    private volatile MultiGauge activeMode;

    QueueModeInfo(ItemLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        activeMode = MultiGauge.builder("producer.queue.mode.info")
                .description("The active queue mode, in the mode tag")
                .register(registry);
        show(ledger.mode().name());
    }

    @EventListener
    void modeSwitched(QueueModeSwitched switched) {
        show(switched.mode());
    }

    private void show(String mode) {
        activeMode.register(List.of(MultiGauge.Row.of(Tags.of(MODE, mode), ACTIVE)), true);
    }
}
