package lab.backpressure.producer.delivery;

import java.util.List;
import java.util.Map;

import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;

/**
 * The end of the delivery chain, the admin field {@code transport}: how one attempt's items leave the producer.
 * Every failure is a {@link DeliveryResult}, never an exception, so no item gets stuck in flight.
 */
public interface ItemSender {

    /** The value of {@code transport} that chooses this sender. */
    String name();

    /** Sends {@code items}, at least one, as one attempt. */
    DeliveryResult send(List<WorkItem> items, ItemPriority priority) throws InterruptedException;

    /** This transport's own fields in {@code /status.delivery}, snake_case, shown whether chosen or not. */
    default Map<String, Object> status() {
        return Map.of();
    }
}
