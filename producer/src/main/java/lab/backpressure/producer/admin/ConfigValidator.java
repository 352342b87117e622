package lab.backpressure.producer.admin;

import lab.backpressure.producer.config.InvalidFieldException;
import lab.backpressure.producer.config.ProducerConfig;
import lab.backpressure.producer.config.ProducerLimits;
import lab.backpressure.producer.queue.QueueModes;
import org.springframework.stereotype.Component;

/** The rules every config must meet, at startup and after an admin update; names the first field that breaks one. */
@Component
class ConfigValidator {

    private final ProducerLimits limits;
    private final QueueModes modes;

    ConfigValidator(ProducerLimits limits, QueueModes modes) {
        this.limits = limits;
        this.modes = modes;
    }

    void validate(ProducerConfig config) {
        requireRate("production_rate", config.productionRate(), limits.productionRate());
        if (!modes.names().contains(config.queueMode())) {
            throw new InvalidFieldException("queue_mode",
                    "queue_mode '%s' is not a known mode; known modes: %s".formatted(config.queueMode(), modes.names()));
        }
        requireBetween("max_queue_size", config.maxQueueSize(), 1, limits.maxQueueSize());
        requireRate("rate_limit", config.rateLimit(), limits.rateLimit());
        requireBetween("payload_bytes", config.payloadBytes(), 0, limits.payloadBytes().toBytes());
    }

    private static void requireRate(String field, double itemsPerSecond, double max) {
        if (!(itemsPerSecond > 0 && itemsPerSecond <= max)) {
            throw new InvalidFieldException(field,
                    "%s must be more than 0 and at most %s items/s, was %s".formatted(field, max, itemsPerSecond));
        }
    }

    private static void requireBetween(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidFieldException(field,
                    "%s must be between %d and %d, was %d".formatted(field, min, max, value));
        }
    }
}
