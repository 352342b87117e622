package lab.backpressure.producer.queue;

import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import lab.backpressure.producer.mode.QueueMode;
import lab.backpressure.producer.mode.QueueModeChoice;
import lab.backpressure.producer.mode.QueueModeSwitched;
import lab.backpressure.producer.mode.QueueModes;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Hands the queue to the mode a settings change chose. It runs before anything else hears of the change, so
 * the generator, woken by the same change, already finds the new mode.
 */
@Component
class QueueModeSwitch {

    private final Settings settings;
    private final QueueModes modes;
    private final ItemLedger ledger;
    private final ApplicationEventPublisher events;

    QueueModeSwitch(Settings settings, QueueModes modes, ItemLedger ledger, ApplicationEventPublisher events) {
        this.settings = settings;
        this.modes = modes;
        this.ledger = ledger;
        this.events = events;
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void settingsChanged(SettingsChanged change) {
        QueueMode chosen = modes.chosenIn(settings);
        if (change.changed(QueueModeChoice.class) && chosen != ledger.mode()) {
            ledger.switchMode(chosen);
            events.publishEvent(new QueueModeSwitched(chosen.name()));
        }
    }
}
