package lab.backpressure.producer.generator;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import lab.backpressure.support.settings.Settings;
import org.springframework.stereotype.Component;

/**
 * Independent arrivals, as requests from many users are: exponentially distributed gaps with mean 1/rate,
 * drawn from a generator seeded with {@code arrival_seed}, so the same seed replays the same traffic for
 * every strategy compared. Queueing theory's M/M/1 and M/M/1/K assume exactly these arrivals.
 */
@Component
final class PoissonArrivals implements ArrivalProcess {

    public static final String NAME = "poisson";
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private SplittableRandom random = new SplittableRandom(1);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long nextGapNanos(double rate) {
        // inverse transform: -ln(U) / rate is exponential with mean 1/rate; 1 - nextDouble() is in (0, 1]
        return Math.round(-Math.log(1 - random.nextDouble()) / rate * NANOS_PER_SECOND);
    }

    @Override
    public void restart(Settings settings) {
        random = new SplittableRandom(settings.get(ArrivalChoice.class).arrivalSeed());
    }
}
