package lab.backpressure.labtests.benchmark;

import static lab.backpressure.labtests.benchmark.ResultsReport.number;

/**
 * The consumer's own ceiling, measured once before the strategies run, against its nominal capacity at the
 * same setting. Capacity, the denominator of every goodput ratio, is the nominal capacity of the moment (it
 * halves when the consumer slows down) times {@link #share()}: what of its nominal capacity the consumer really
 * manages on this machine.
 *
 * @param ceilingPerSecond  what the load client got processed per second, straight at {@code /process}
 * @param nominalPerSecond  concurrency × 1000 ÷ processing time, as the consumer reports it
 */
public record Calibration(double ceilingPerSecond, double nominalPerSecond) {

    /**
     * Under this share of its nominal capacity the consumer is not doing what its settings say: a benchmark run is
     * invalid.
     */
    public static final double LEAST_SHARE = 0.8;

    public double share() {
        return Math.min(1, ceilingPerSecond / nominalPerSecond);
    }

    public boolean failed(double leastShare) {
        return ceilingPerSecond < leastShare * nominalPerSecond;
    }

    public String describe() {
        return "consumer ceiling " + number(ceilingPerSecond, 1) + "/s against a nominal " + number(nominalPerSecond, 1)
                + "/s (share " + number(share(), 2) + ")";
    }
}
