package lab.backpressure.producer.admin;

import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.config.LiveConfig;
import lab.backpressure.producer.config.ProducerConfig;
import lab.backpressure.producer.generator.Generator;
import lab.backpressure.producer.queue.QueueMode;
import lab.backpressure.producer.queue.QueueModeSwitched;
import lab.backpressure.producer.queue.QueueModes;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Applies {@code POST /admin/config}: merges the update into the current config, validates the result and
 * only then changes anything, so a bad request changes nothing. A change of mode (or of its bound or limit)
 * builds a fresh mode; the items already queued stay where they are.
 */
@Component
class ConfigUpdater {

    private final LiveConfig config;
    private final ConfigValidator validator;
    private final QueueModes modes;
    private final ItemLedger ledger;
    private final Generator generator;
    private final ApplicationEventPublisher events;

    ConfigUpdater(LiveConfig config, ConfigValidator validator, QueueModes modes, ItemLedger ledger,
                  Generator generator, ApplicationEventPublisher events) {
        this.config = config;
        this.validator = validator;
        this.modes = modes;
        this.ledger = ledger;
        this.generator = generator;
        this.events = events;
    }

    /** Serialized, so two concurrent updates cannot interleave their mode and config changes. */
    synchronized ProducerConfig apply(ConfigUpdate update) {
        ProducerConfig current = config.get();
        ProducerConfig next = update.applyTo(current);
        validator.validate(next);
        if (!next.sameQueueAs(current)) {
            QueueMode mode = modes.create(next);
            ledger.switchMode(mode);
            events.publishEvent(new QueueModeSwitched(mode.name()));
        }
        config.set(next);
        generator.wake();
        return next;
    }
}
