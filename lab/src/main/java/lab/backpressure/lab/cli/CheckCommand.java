package lab.backpressure.lab.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import lab.backpressure.lab.run.PhaseResult;
import lab.backpressure.lab.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code lab check N}: did the curl commands typed by hand bring the lab where the exercise says? */
@Command(name = "check", description = "Check the expectations of the phase where the lesson shows against the lab"
        + " as it is, changing nothing: for when you did the page's steps by hand, up to its lab check line.")
final class CheckCommand implements Callable<Integer> {

    /** Long enough for a rate to mean something, short enough to ask again and again while trying things. */
    private static final Duration LONGEST_WATCH = Duration.ofSeconds(15);

    @ParentCommand
    private LabCommand lab;

    @Mixin
    private ExerciseArgument exercise;

    @Override
    public Integer call() {
        Scenario scenario = exercise.scenario(lab);
        PrintWriter out = lab.out();
        out.println(lab.heading(scenario));
        out.println("Checking what the lesson's phase expects against the lab as it is; nothing is changed.");
        out.flush();
        PhaseResult result = lab.runner(lab.view()).check(scenario, LONGEST_WATCH);
        Verdict verdict = new Verdict(result.checks());
        out.println(verdict.line());
        return verdict.exitCode();
    }
}
