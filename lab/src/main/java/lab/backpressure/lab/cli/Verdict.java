package lab.backpressure.lab.cli;

import java.util.List;

import lab.backpressure.lab.run.Check;

/** The checks of a run or a check in one closing line, and the exit code they make. */
record Verdict(List<Check> checks) {

    int exitCode() {
        return checks.stream().allMatch(Check::passed) ? ExitCode.PASSED : ExitCode.MISSED;
    }

    String line() {
        if (checks.isEmpty()) {
            return "Nothing to check: the scenario has no expectations.";
        }
        long passed = count(Check.Outcome.PASS);
        long missed = count(Check.Outcome.MISS);
        long skipped = count(Check.Outcome.SKIPPED);
        String met = missed == 0 ? "All " + passed + " expectations checked were met"
                : passed + " of " + (passed + missed) + " expectations checked were met, " + missed
                + " missed (MISS above: the figure, what was expected and why)";
        return met + (skipped == 0 ? "." : "; " + skipped + " skipped, they need Prometheus (--prometheus).");
    }

    private long count(Check.Outcome outcome) {
        return checks.stream().filter(check -> check.outcome() == outcome).count();
    }
}
