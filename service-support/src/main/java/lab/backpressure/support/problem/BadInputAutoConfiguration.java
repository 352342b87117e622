package lab.backpressure.support.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Registers {@link BadInputProblems} in a service, without its component scan reaching into this library. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class BadInputAutoConfiguration {

    @Bean
    BadInputProblems badInputProblems() {
        return new BadInputProblems();
    }
}
