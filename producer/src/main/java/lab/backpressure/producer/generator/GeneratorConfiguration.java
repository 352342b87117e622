package lab.backpressure.producer.generator;

import lab.backpressure.producer.mode.ProductionCeiling;
import lab.backpressure.support.settings.Settings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GeneratorConfiguration {

    /** {@code adaptive}'s ceiling: the {@code production_rate} set now. */
    @Bean
    ProductionCeiling productionCeiling(Settings settings) {
        return () -> settings.get(ProductionSettings.class).productionRate();
    }
}
