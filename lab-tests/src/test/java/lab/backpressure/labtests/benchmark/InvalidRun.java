package lab.backpressure.labtests.benchmark;

import lab.backpressure.labtests.support.Lab;

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

    /** An {@link InvalidRun} naming the service that died and its log; {@code cause} (may be null) is what showed it. */
    public static void requireAlive(Lab lab, String where, Throwable cause) {
        lab.dead().ifPresent(service -> {
            throw new InvalidRun(service.service().serviceName() + " died " + where + "; its log: "
                    + service.logFile(), cause);
        });
    }
}
