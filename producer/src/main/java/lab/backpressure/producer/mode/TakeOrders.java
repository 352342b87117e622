package lab.backpressure.producer.mode;

import java.util.List;

import lab.backpressure.support.settings.Strategies;
import org.springframework.stereotype.Component;

/** The registered take orders, by name; and the rule that {@code take_order} names one of them. */
@Component
public final class TakeOrders extends Strategies<TakeOrder> {

    public TakeOrders(List<TakeOrder> registered) {
        super("take_order", "order", settings -> settings.get(TakeOrderChoice.class).takeOrder(), registered,
                TakeOrder::name);
    }
}
