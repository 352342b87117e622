package lab.backpressure.lab.cli;

import java.io.Console;

import picocli.CommandLine;

/** The {@code lab} command's entry point: {@code java -jar lab.jar <command>}. */
public final class Lab {

    private Lab() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(onTerminal()).execute(args));
    }

    /** The command line, with its failures told as {@link Failures} tells them; a test sets its out and err. */
    static CommandLine commandLine(boolean terminal) {
        Failures failures = new Failures();
        return new CommandLine(new LabCommand(terminal))
                .setExecutionExceptionHandler(failures)
                .setParameterExceptionHandler(failures);
    }

    /**
     * Whether stdout is a terminal the live view may redraw. Since Java 22 {@code System.console()} exists also
     * when the streams are redirected, so it is asked whether it is a terminal.
     */
    private static boolean onTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
