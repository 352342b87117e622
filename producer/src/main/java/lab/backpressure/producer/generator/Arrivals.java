package lab.backpressure.producer.generator;

import java.util.List;

import lab.backpressure.support.settings.Strategies;
import org.springframework.stereotype.Component;

/** The registered arrival processes, by name; and the rule that {@code arrival} names one of them. */
@Component
final class Arrivals extends Strategies<ArrivalProcess> {

    public Arrivals(List<ArrivalProcess> registered) {
        super("arrival", "process", settings -> settings.get(ArrivalChoice.class).arrival(), registered,
                ArrivalProcess::name);
    }
}
