package lab.backpressure.lab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import lab.backpressure.lab.chart.RunChart;
import lab.backpressure.lab.chart.RunReport;
import lab.backpressure.lab.run.LabClient;
import lab.backpressure.lab.run.RunResult;
import lab.backpressure.lab.run.ScenarioRunner;
import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.Service;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab run N}: the whole exercise against the lab, watched live, then judged. */
@Command(name = "run", description = "Run an exercise against the lab: check it (a dry run of every setting),"
        + " reset both services, apply its steps, watch, and check its expectations.")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    private LabCommand lab;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ExerciseArgument exercise;

    @Option(names = "--chart", paramLabel = "FILE.png",
            description = "draw the run's readings over time into this PNG file (in the lab container: /charts/...)")
    private Path chart;

    @Option(names = "--report", paramLabel = "DIR",
            description = "write the run's report into this folder: report.md (every check, the verdict, the chart),"
                    + " chart.png and readings.csv")
    private Path report;

    @Override
    public Integer call() {
        Scenario scenario = exercise.scenario(lab);
        if (chart != null) {
            ChartFile.check(spec.commandLine(), chart);
        }
        if (report != null) {
            ChartFile.checkReport(spec.commandLine(), report);
        }
        if (!scenario.compressible() && lab.scale().speed() > 1) {
            throw new ParameterException(spec.commandLine(), scenario.file() + " shows what it promises only in"
                    + " real time (compressible: false); run it without --speed, against a lab started normally");
        }
        PrintWriter out = lab.out();
        out.println(lab.heading(scenario));
        // said before anything changes: a learner who typed the steps by hand wants lab check, not this
        Duration watched = scenario.phases().stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
        out.println("This run resets the lab (both services back to their start-up settings, the queue emptied)"
                + " and takes about " + Durations.format(lab.scale().duration(watched)) + "; to check what you did"
                + " by hand instead, lab check " + Exercises.numberOf(scenario).map(String::valueOf).orElse(scenario.file().toString())
                + ".");
        LiveView view = lab.view();
        ScenarioRunner runner = lab.runner(view);
        out.println("Checking every setting with the services first (a dry run): nothing changes yet.");
        out.flush();
        runner.preflight(scenario, List.of());
        out.println("Resetting both services to their start-up settings, then applying the exercise:");
        out.flush();
        // reset here too, to read the start-up settings before the run resets to them again (nothing in between)
        runner.reset();
        LabClient client = lab.client();
        StartUpSpeed.mismatch(client.status(Service.PRODUCER), client.status(Service.CONSUMER), lab.scale())
                .ifPresent(lab.err()::println);
        RunResult result = runner.runPrepared(scenario, Optional.empty());
        Verdict verdict = new Verdict(result.checks());
        out.println(verdict.line());
        String title = LabCommand.title(scenario);
        if (chart != null && !written("chart", chart, () -> RunChart.write(result, lab.scale(), title, chart))) {
            return ExitCode.CANNOT_RUN;
        }
        if (report != null && !written("report", report.resolve(RunReport.REPORT), () -> RunReport.write(result,
                lab.scale(), title, lab.heading(scenario), verdict.line(), report))) {
            return ExitCode.CANNOT_RUN;
        }
        return verdict.exitCode();
    }

    /** A file written once the run is judged: says where, or why it could not be. */
    private boolean written(String what, Path where, FileWriting writing) {
        try {
            writing.write();
        } catch (IOException e) {
            lab.err().println("The run's " + what + " could not be written to " + where + ": " + e);
            return false;
        }
        lab.out().println("The run's " + what + ": " + where);
        return true;
    }

    private interface FileWriting {
        void write() throws IOException;
    }
}
