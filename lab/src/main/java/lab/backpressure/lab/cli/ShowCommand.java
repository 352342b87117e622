package lab.backpressure.lab.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code lab show N}: an exercise to do by hand. */
@Command(name = "show", description = "Print an exercise: its curl commands, how long to watch, what to expect"
        + " and why, questions and takeaways.")
final class ShowCommand implements Callable<Integer> {

    @ParentCommand
    private LabCommand lab;

    @Mixin
    private ExerciseArgument exercise;

    @Override
    public Integer call() {
        new ExerciseSheet(lab.out()).print(exercise.scenario(lab), exercise.reference());
        return ExitCode.PASSED;
    }
}
