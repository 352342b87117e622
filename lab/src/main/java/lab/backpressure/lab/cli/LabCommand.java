package lab.backpressure.lab.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import lab.backpressure.lab.run.LabClient;
import lab.backpressure.lab.run.LabEndpoints;
import lab.backpressure.lab.run.RunListener;
import lab.backpressure.lab.run.ScenarioRunner;
import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.lab.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code lab}: the options every command shares (where the lab answers, how fast to run, which exercises), and
 * what the commands build from them. Each option may come before or after the command's name.
 */
@Command(name = "lab", sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs the Backpressure Lab's exercises against a running lab and checks what they promise.",
        subcommands = {ListCommand.class, ShowCommand.class, RunCommand.class, CheckCommand.class,
                ResetCommand.class},
        footerHeading = "%n",
        footer = {
                "Exit codes: 0 every expectation met; 1 an expectation missed (or the producer's books broke);"
                        + " 2 nothing judged: the lab not reachable, an unknown command, option or exercise, or a"
                        + " scenario file refused.",
                "",
                "--speed K runs K times faster than written: durations divided by K, rates multiplied by K. The"
                        + " services must have been started compressed the same way (consumer"
                        + " lab.consumer.processing-time-ms=100/K, producer lab.producer.production-rate=10*K),"
                        + " because a run resets them to their start-up settings. The lab of the README runs at 1.",
                "",
                "More: docs/lab-command.md"})
final class LabCommand implements Callable<Integer> {

    private final boolean terminal;

    @Spec
    private CommandSpec spec;

    @Option(names = "--producer", order = 1, paramLabel = "URL", converter = HttpUrl.class,
            scope = ScopeType.INHERIT,
            defaultValue = "${env:LAB_PRODUCER_URL:-http://localhost:8000}",
            description = "the producer (default ${DEFAULT-VALUE}; env LAB_PRODUCER_URL)")
    private URI producer;

    @Option(names = "--consumer", order = 2, paramLabel = "URL", converter = HttpUrl.class,
            scope = ScopeType.INHERIT,
            defaultValue = "${env:LAB_CONSUMER_URL:-http://localhost:8001}",
            description = "the consumer (default ${DEFAULT-VALUE}; env LAB_CONSUMER_URL)")
    private URI consumer;

    @Option(names = "--prometheus", order = 3, paramLabel = "URL", scope = ScopeType.INHERIT,
            defaultValue = "${env:LAB_PROMETHEUS_URL:-http://localhost:9090}",
            description = "Prometheus, for expectations with a PromQL query, or none to measure all from /status"
                    + " (default ${DEFAULT-VALUE}; env LAB_PROMETHEUS_URL)")
    private String prometheus;

    /** Set through {@link #speed(int)}. */
    private int speed;

    @Option(names = "--exercises", order = 5, paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "read the exercises (NN-name.yaml) from this directory, not those bundled with lab")
    private Path exercises;

    @Option(names = {"-h", "--help"}, order = 6, usageHelp = true, scope = ScopeType.INHERIT,
            description = "show this help")
    private boolean help;

    LabCommand(boolean terminal) {
        this.terminal = terminal;
    }

    /** A setter, so that a speed below 1 is refused while the command line is read, like any other bad option. */
    @Option(names = "--speed", order = 4, paramLabel = "K", scope = ScopeType.INHERIT,
            defaultValue = "${env:LAB_SPEED:-1}",
            description = "run K times faster than written, against services started compressed too (below)"
                    + " (default ${DEFAULT-VALUE}; env LAB_SPEED)")
    private void speed(int speed) {
        if (speed < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--speed must be a whole number of 1 or more (1 is real time), not " + speed);
        }
        this.speed = speed;
    }

    /** {@code lab} alone: the help, on stderr, as for any other command line that names nothing to do. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.CANNOT_RUN;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Exercises exercises() {
        return exercises == null ? Exercises.bundled() : Exercises.in(exercises);
    }

    TimeScale scale() {
        return new TimeScale(speed);
    }

    ScenarioRunner runner(RunListener listener) {
        return new ScenarioRunner(client(), scale(), listener);
    }

    LabClient client() {
        return new LabClient(endpoints());
    }

    LabEndpoints endpoints() {
        return new LabEndpoints(producer, consumer, prometheusUrl());
    }

    LiveView view() {
        return LiveView.of(out(), terminal);
    }

    /** The first line of a run or a check: which scenario, against which lab, how fast. */
    String heading(Scenario scenario) {
        return title(scenario) + " (producer " + producer + ", consumer " + consumer
                + (speed > 1 ? ", " + speed + " times faster than written" : "") + ")";
    }

    /** The exercise's number and title, or a file's title: {@code Exercise 4: Solution 1: a bounded queue}. */
    static String title(Scenario scenario) {
        return Exercises.numberOf(scenario).map(number -> "Exercise " + number + ": ").orElse("") + scenario.title();
    }

    private Optional<URI> prometheusUrl() {
        if (prometheus.isBlank() || prometheus.strip().equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HttpUrl().convert(prometheus));
        } catch (TypeConversionException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--prometheus': "
                    + e.getMessage() + ", or none");
        }
    }
}
