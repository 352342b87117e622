package lab.backpressure.labtests.benchmark;

/** One target of a benchmark and whether the run met it, with the figure that decides. */
public record Verdict(String target, boolean met, String figure) {

    public String line() {
        return (met ? "PASS" : "MISS") + " " + target + ": " + figure;
    }
}
