package lab.backpressure.consumer.processing;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import lab.backpressure.support.problem.InvalidFieldException;
import org.springframework.stereotype.Component;

/** The current processing config, changed only as a whole and only to a valid config. */
@Component
public class ProcessingSettings {

    private final ProcessingLimits limits;
    private final ProcessingSlots slots;
    /** What the consumer started with, for {@code POST /admin/reset}. */
    private final ProcessingConfig startup;
    private final AtomicReference<ProcessingConfig> current;

    public ProcessingSettings(ConsumerProperties properties, ProcessingSlots slots) {
        this.limits = properties.limits();
        this.slots = slots;
        this.startup = properties.initialConfig();
        limits.validate(startup);
        this.current = new AtomicReference<>(startup);
        slots.resize(startup.concurrency());
    }

    public ProcessingConfig current() {
        return current.get();
    }

    public ProcessingLimits limits() {
        return limits;
    }

    /**
     * Applies {@code change} to the current config; an invalid result throws
     * {@link InvalidFieldException} and leaves everything as it was. Writers are serialised so
     * the slot count always matches the config that was stored last.
     */
    public synchronized ProcessingConfig update(UnaryOperator<ProcessingConfig> change) {
        ProcessingConfig next = preview(change);
        current.set(next);
        slots.resize(next.concurrency());
        return next;
    }

    /**
     * The config {@link #update} would make of {@code change}, refused the same way, without changing anything:
     * {@code POST /admin/config?dry_run=true}.
     */
    public ProcessingConfig preview(UnaryOperator<ProcessingConfig> change) {
        ProcessingConfig next = change.apply(current.get());
        limits.validate(next);
        return next;
    }

    /**
     * Back to the config the consumer started with (its startup properties; no slow-down): {@code POST /admin/reset}.
     * It passed the same checks at startup.
     */
    public ProcessingConfig reset() {
        return update(_ -> startup);
    }
}
