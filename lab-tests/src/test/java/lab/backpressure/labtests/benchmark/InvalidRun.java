package lab.backpressure.labtests.benchmark;

/**
 * A benchmark run whose numbers would mean nothing: a service died, the producer's books do not balance, or
 * the calibration failed. It fails the run before any result file is written.
 */
public final class InvalidRun extends AssertionError {

    public InvalidRun(String reason) {
        super("invalid run, no results written: " + reason);
    }

    public InvalidRun(String reason, Throwable cause) {
        super("invalid run, no results written: " + reason, cause);
    }
}
