package lab.backpressure.producer.accounting;

import java.time.Clock;

import lab.backpressure.support.settings.Settings;
import lab.backpressure.producer.delivery.DeliveryTracing;
import lab.backpressure.producer.queue.ItemQueue;
import lab.backpressure.producer.queue.QueueModes;
import lab.backpressure.producer.queue.TakeOrders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AccountingConfiguration {

    @Bean
    ItemLedger itemLedger(Settings settings, QueueModes modes, TakeOrders orders, Clock clock, DeliveryTracing tracing) {
        ItemLedger ledger = new ItemLedger(new ItemQueue(), modes.chosenIn(settings),
                new Totals(modes.rejectionReasons(), modes.dropReasons()), clock, tracing::traceDrop,
                () -> settings.get(PastDeadline.class).drops());
        ledger.takeIn(orders.chosenIn(settings));
        return ledger;
    }
}
