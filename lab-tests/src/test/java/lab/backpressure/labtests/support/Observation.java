package lab.backpressure.labtests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import static org.awaitility.Awaitility.await;

/**
 * What the handout's "watch for N seconds" loops see: the producer's status read at a steady
 * interval over a window, with the time of each reading so rates are measured, not assumed.
 */
public final class Observation {

    /** Time allowed on top of the window for slow status calls on a busy machine. */
    private static final Duration SLACK = Duration.ofSeconds(30);

    private final List<Reading> readings;

    private Observation(List<Reading> readings) {
        this.readings = List.copyOf(readings);
    }

    public record Reading(long nanos, ProducerStatus status) {
    }

    /** Reads the producer's status every {@code interval} until {@code length} has passed. */
    public static Observation watch(ServiceProcess producer, Duration length, Duration interval) {
        List<Reading> readings = new ArrayList<>();
        long start = System.nanoTime();
        await("watching " + producer.service() + " for " + length)
                .atMost(length.plus(SLACK))
                .pollDelay(Duration.ZERO)
                .pollInterval(interval)
                .pollInSameThread()
                .until(() -> {
                    readings.add(new Reading(System.nanoTime(), ProducerStatus.of(producer)));
                    return System.nanoTime() - start >= length.toNanos();
                });
        return new Observation(readings);
    }

    public List<ProducerStatus> statuses() {
        return readings.stream().map(Reading::status).toList();
    }

    public List<Long> values(ToLongFunction<ProducerStatus> counter) {
        return readings.stream().map(reading -> counter.applyAsLong(reading.status())).toList();
    }

    public List<Double> decimals(ToDoubleFunction<ProducerStatus> value) {
        return readings.stream().map(reading -> value.applyAsDouble(reading.status())).toList();
    }

    public ProducerStatus first() {
        return readings.getFirst().status();
    }

    public ProducerStatus last() {
        return readings.getLast().status();
    }

    /** Items per second by which a counter grew over the whole window. */
    public double ratePerSecond(ToLongFunction<ProducerStatus> counter) {
        return ratePerSecond(counter, Duration.ZERO);
    }

    /**
     * Items per second by which a counter grew from the first reading taken at least {@code settle}
     * into the window to the last one, so a start-up burst does not count as the steady rate.
     */
    public double ratePerSecond(ToLongFunction<ProducerStatus> counter, Duration settle) {
        Reading from = readings.stream()
                .filter(reading -> reading.nanos() - readings.getFirst().nanos() >= settle.toNanos())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the window is shorter than " + settle));
        Reading to = readings.getLast();
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        if (seconds <= 0) {
            throw new IllegalStateException("no time passed between the readings used for the rate");
        }
        return (counter.applyAsLong(to.status()) - counter.applyAsLong(from.status())) / seconds;
    }
}
