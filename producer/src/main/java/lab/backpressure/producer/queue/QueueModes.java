package lab.backpressure.producer.queue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import lab.backpressure.producer.config.ProducerConfig;
import org.springframework.stereotype.Component;

/** The registered queue modes, by name. */
@Component
public final class QueueModes {

    private final Map<String, QueueModeFactory> factories = new TreeMap<>();

    public QueueModes(List<QueueModeFactory> registered) {
        for (QueueModeFactory factory : registered) {
            if (factories.putIfAbsent(factory.name(), factory) != null) {
                throw new IllegalStateException("two queue modes are named " + factory.name());
            }
        }
    }

    /** The valid values of {@code queue_mode}, sorted. */
    public Set<String> names() {
        return factories.keySet();
    }

    public QueueMode create(ProducerConfig config) {
        QueueModeFactory factory = factories.get(config.queueMode());
        if (factory == null) {
            throw new IllegalArgumentException("unknown queue mode " + config.queueMode() + "; known: " + names());
        }
        return factory.create(config);
    }
}
