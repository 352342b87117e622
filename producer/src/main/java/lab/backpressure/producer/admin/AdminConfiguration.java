package lab.backpressure.producer.admin;

import lab.backpressure.producer.config.LiveConfig;
import lab.backpressure.producer.config.ProducerConfig;
import lab.backpressure.producer.config.ProducerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    /** The startup config obeys the same rules as an admin update: a bad one stops the producer from starting. */
    @Bean
    LiveConfig liveConfig(ProducerProperties properties, ConfigValidator validator) {
        ProducerConfig initial = properties.initialConfig();
        validator.validate(initial);
        return new LiveConfig(initial);
    }
}
