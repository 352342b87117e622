package lab.backpressure.lab.cli;

/** What {@code lab} tells a script or CI by its exit status. */
final class ExitCode {

    /** Every expectation met (or skipped for want of Prometheus); for list, show and reset: done. */
    static final int PASSED = 0;
    /** An expectation missed, or the producer's books broke: the lab did not behave as the exercise says. */
    static final int MISSED = 1;
    /**
     * Nothing was judged: the lab is not reachable or its {@code /status} lacks a field the run needs, or the
     * command, an option or a scenario file is wrong.
     */
    static final int CANNOT_RUN = 2;

    private ExitCode() {
    }
}
