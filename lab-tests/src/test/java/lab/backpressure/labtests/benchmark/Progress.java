package lab.backpressure.labtests.benchmark;

import java.time.Duration;

/** Progress lines for a run of several minutes: which step of how many, what it does now, and the time so far. */
public final class Progress {

    private final long startNanos = System.nanoTime();
    private final int steps;
    private int step;

    public Progress(int steps) {
        this.steps = steps;
    }

    /** The next step begins. */
    public void step(String what) {
        step++;
        print(step + " of " + steps + ": " + what);
    }

    /** A phase of the current step, e.g. settling for 4 s. */
    public void phase(String what) {
        print("    " + what);
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void print(String line) {
        System.out.printf("[%4d s] %s%n", elapsed().toSeconds(), line);
    }
}
