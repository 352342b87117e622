package lab.backpressure.labtests.benchmark;

import java.time.Duration;
import java.util.List;

/**
 * How long the consumer's goodput took to settle after a change, from readings taken every {@code interval},
 * the first just before the change. The new steady goodput is the mean rate over the last {@code tail} of
 * the observation; goodput has settled at the start of the first interval from which every interval's rate
 * stays within ±{@code band} of it to the end of the observation, and that stretch must last at least
 * {@code hold}: a rate that only passes through the band on its way elsewhere has not settled. Tail and hold
 * are counted in intervals, so a reading a few milliseconds late does not shorten them.
 *
 * @param steadyPerSecond the new steady goodput
 * @param seconds         from the change until goodput stayed in the band, NaN when it never did for {@code hold}
 */
public record Settling(double steadyPerSecond, double seconds) {

    public static Settling of(List<ConsumerReading> readings, Duration interval, Duration tail, Duration hold, double band) {
        int last = readings.size() - 1;
        int tailIntervals = intervals(tail, interval);
        if (last < Math.max(tailIntervals, intervals(hold, interval))) {
            throw new IllegalArgumentException(last + " intervals are too few for a tail of " + tail + " and a hold of " + hold);
        }
        double steady = readings.get(last).processedPerSecondSince(readings.get(last - tailIntervals));
        int stretchStart = last;
        while (stretchStart > 0 && inBand(readings.get(stretchStart).processedPerSecondSince(
                readings.get(stretchStart - 1)), steady, band)) {
            stretchStart--;
        }
        boolean held = last - stretchStart >= intervals(hold, interval);
        return new Settling(steady, held ? readings.get(stretchStart).secondsSince(readings.getFirst()) : Double.NaN);
    }

    public boolean settled() {
        return !Double.isNaN(seconds);
    }

    private static int intervals(Duration length, Duration interval) {
        return Math.toIntExact(Math.ceilDiv(length.toNanos(), interval.toNanos()));
    }

    private static boolean inBand(double rate, double steady, double band) {
        return Math.abs(rate - steady) <= band * steady;
    }
}
