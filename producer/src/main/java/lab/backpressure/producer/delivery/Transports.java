package lab.backpressure.producer.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.support.problem.InvalidFieldException;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.Strategies;

/**
 * The transports this producer has, and the one each attempt goes through: read per attempt, so a switch at
 * runtime takes effect with the next attempt, and items a worker holds are sent by whichever transport is
 * chosen then (nothing is lost in the switch). Kafka is only there when the producer started with the Spring
 * profile {@code kafka} and {@code spring.kafka.bootstrap-servers}; asking for it otherwise names what is missing.
 */
public final class Transports extends Strategies<ItemSender> {

    static final String KAFKA = "kafka";

    private final Settings settings;

    Transports(List<ItemSender> senders, Settings settings) {
        super("transport", "transport", candidate -> candidate.get(TransportSettings.class).transport(), senders,
                ItemSender::name);
        this.settings = settings;
    }

    @Override
    public void check(Settings candidate) {
        if (KAFKA.equals(candidate.get(TransportSettings.class).transport()) && !names().contains(KAFKA)) {
            throw new InvalidFieldException(field(), "transport 'kafka' needs a Kafka broker, and this producer has "
                    + "none: start it with the Spring profile kafka and spring.kafka.bootstrap-servers");
        }
        super.check(candidate);
    }

    /** {@code transport}, the chosen one, then every transport's own fields. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put(field(), chosenIn(settings).name());
        all().forEach(sender -> status.putAll(sender.status()));
        return status;
    }

    /** The sender the delivery workers hold: each attempt goes through the transport chosen at that moment. */
    ItemSender live() {
        return new ItemSender() {
            @Override
            public String name() {
                return chosenIn(settings).name();
            }

            @Override
            public DeliveryResult send(List<WorkItem> items, ItemPriority priority) throws InterruptedException {
                return chosenIn(settings).send(items, priority);
            }
        };
    }
}
