package lab.backpressure.producer.generator;

import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/** One item every 1/rate seconds exactly: the handout's generator. */
@Component
final class ConstantArrivals implements ArrivalProcess {

    public static final String NAME = "constant";
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long nextGapNanos(double rate) {
        return Math.round(NANOS_PER_SECOND / rate);
    }
}
