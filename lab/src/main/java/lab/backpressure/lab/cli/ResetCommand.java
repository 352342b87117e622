package lab.backpressure.lab.cli;

import java.util.concurrent.Callable;

import lab.backpressure.lab.run.LabEndpoints;
import lab.backpressure.lab.run.RunListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code lab reset}: the lab as it started, for a fresh attempt at an exercise by hand. */
@Command(name = "reset", description = "Put both services back to the settings they started with (the handout's),"
        + " and empty the producer's queue.")
final class ResetCommand implements Callable<Integer> {

    @ParentCommand
    private LabCommand lab;

    @Override
    public Integer call() {
        lab.runner(RunListener.QUIET).reset();
        LabEndpoints endpoints = lab.endpoints();
        lab.out().println("Reset the consumer (POST " + endpoints.consumer().resolve("/admin/reset") + ") and the"
                + " producer (POST " + endpoints.producer().resolve("/admin/reset") + ") to the settings they started"
                + " with, and emptied the producer's queue (POST " + endpoints.producer().resolve("/admin/clear-queue")
                + "; the items it held are counted as dropped).");
        return ExitCode.PASSED;
    }
}
