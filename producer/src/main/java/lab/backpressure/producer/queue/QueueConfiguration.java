package lab.backpressure.producer.queue;

import java.time.Clock;

import lab.backpressure.support.settings.Settings;
import lab.backpressure.producer.mode.ItemQueue;
import lab.backpressure.producer.mode.QueueModes;
import lab.backpressure.producer.mode.TakeOrders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class QueueConfiguration {

    @Bean
    ItemLedger itemLedger(Settings settings, QueueModes modes, TakeOrders orders, Clock clock,
                          ItemLedger.DropListener drops) {
        ItemLedger ledger = new ItemLedger(new ItemQueue(), modes.chosenIn(settings),
                new Totals(modes.rejectionReasons(), modes.dropReasons()), clock, drops,
                () -> settings.get(PastDeadline.class).drops());
        ledger.takeIn(orders.chosenIn(settings));
        return ledger;
    }
}
