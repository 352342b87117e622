package lab.backpressure.lab.cli;

import java.util.List;
import java.util.stream.Collectors;

import lab.backpressure.lab.run.Check;

/**
 * The checks of a run or a check in one closing line, "N met, M missed, K skipped (why)", and the exit code they make:
 * 0 only when every expectation measured was met and at least one was measured. A skipped expectation is not met.
 */
record Verdict(List<Check> checks) {

    int exitCode() {
        if (count(Check.Outcome.MISS) > 0) {
            return ExitCode.MISSED;
        }
        return count(Check.Outcome.PASS) > 0 ? ExitCode.PASSED : ExitCode.CANNOT_RUN;
    }

    String line() {
        long met = count(Check.Outcome.PASS);
        long missed = count(Check.Outcome.MISS);
        long skipped = count(Check.Outcome.SKIPPED);
        String tally = met + " met, " + missed + " missed, " + skipped + " skipped"
                + (skipped == 0 ? "" : " (" + skipReasons() + ")");
        if (met + missed == 0) {
            return tally + ": nothing was measured, so nothing is judged"
                    + (checks.isEmpty() ? " (the phase has no expectations)." : "; give lab a Prometheus (--prometheus).");
        }
        return tally + (missed == 0 ? "." : ": MISS above says the figure, what was expected and why.");
    }

    private String skipReasons() {
        return "they need Prometheus, and " + checks.stream().filter(check -> !check.evaluated())
                .map(Check::skipReason).distinct().collect(Collectors.joining("; "));
    }

    private long count(Check.Outcome outcome) {
        return checks.stream().filter(check -> check.outcome() == outcome).count();
    }
}
