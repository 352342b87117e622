package lab.backpressure.producer.delivery.batch;

import java.util.List;

import lab.backpressure.support.settings.Strategies;
import org.springframework.stereotype.Component;

/** The registered batch sizings, by name; and the rule that {@code batching} names one of them. */
@Component
public final class BatchSizings extends Strategies<BatchSizing> {

    public BatchSizings(List<BatchSizing> registered) {
        super("batching", "sizing", settings -> settings.get(BatchSettings.class).batching(), registered,
                BatchSizing::name);
    }
}
