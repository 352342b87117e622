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
    private final AtomicReference<ProcessingConfig> current;

    public ProcessingSettings(ConsumerProperties properties, ProcessingSlots slots) {
        this.limits = properties.limits();
        this.slots = slots;
        ProcessingConfig initial = properties.initialConfig();
        limits.validate(initial);
        this.current = new AtomicReference<>(initial);
        slots.resize(initial.concurrency());
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
        ProcessingConfig next = change.apply(current.get());
        limits.validate(next);
        current.set(next);
        slots.resize(next.concurrency());
        return next;
    }
}
