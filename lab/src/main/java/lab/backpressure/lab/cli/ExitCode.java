package lab.backpressure.lab.cli;

/** What {@code lab} tells a script or CI by its exit status. */
final class ExitCode {

    /** Every expectation measured was met, and at least one was measured; for list, show and reset: done. */
    static final int PASSED = 0;
    /** An expectation missed, or the producer's books broke: the lab did not behave as the exercise says. */
    static final int MISSED = 1;
    /**
     * Nothing was judged: the lab is not reachable or its {@code /status} lacks a field the run needs, the
     * command, an option or a scenario file is wrong, or every expectation was skipped (they need Prometheus).
     */
    static final int CANNOT_RUN = 2;

    private ExitCode() {
    }
}
