package lab.backpressure.producer.accounting;

import java.time.Clock;

import lab.backpressure.producer.config.LiveConfig;
import lab.backpressure.producer.queue.ItemQueue;
import lab.backpressure.producer.queue.QueueModes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AccountingConfiguration {

    @Bean
    ItemLedger itemLedger(LiveConfig config, QueueModes modes, Clock clock) {
        return new ItemLedger(new ItemQueue(), modes.create(config.get()), clock);
    }
}
