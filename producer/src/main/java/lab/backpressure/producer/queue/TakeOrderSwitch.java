package lab.backpressure.producer.queue;

import lab.backpressure.producer.mode.TakeOrderChoice;
import lab.backpressure.producer.mode.TakeOrders;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Hands the take to the order a settings change chose; the items already queued stay where they are. */
@Component
class TakeOrderSwitch {

    private final Settings settings;
    private final TakeOrders orders;
    private final ItemLedger ledger;

    TakeOrderSwitch(Settings settings, TakeOrders orders, ItemLedger ledger) {
        this.settings = settings;
        this.orders = orders;
        this.ledger = ledger;
    }

    @EventListener
    void settingsChanged(SettingsChanged change) {
        if (change.changed(TakeOrderChoice.class)) {
            ledger.takeIn(orders.chosenIn(settings));
        }
    }
}
