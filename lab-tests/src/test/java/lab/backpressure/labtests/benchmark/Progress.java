package lab.backpressure.labtests.benchmark;

import java.time.Duration;

/** Progress lines for a run of several minutes: which step of how many, what it does now, and the time so far. */
final class Progress {

    private final long startNanos = System.nanoTime();
    private final int steps;
    private int step;

    Progress(int steps) {
        this.steps = steps;
    }

    /** The next step begins. */
    void step(String what) {
        step++;
        print(step + " of " + steps + ": " + what);
    }

    /** A phase of the current step, e.g. settling for 4 s. */
    void phase(String what) {
        print("    " + what);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void print(String line) {
        System.out.printf("[%4d s] %s%n", elapsed().toSeconds(), line);
    }
}
