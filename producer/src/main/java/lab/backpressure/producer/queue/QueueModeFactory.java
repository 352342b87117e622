package lab.backpressure.producer.queue;

import lab.backpressure.producer.config.ProducerConfig;

/** Registers a queue mode under its name: every bean of this type is a valid {@code queue_mode}. */
public interface QueueModeFactory {

    String name();

    /** Builds the mode from a config that has already been validated. */
    QueueMode create(ProducerConfig config);
}
