package lab.backpressure.lab.cli;

import java.io.PrintWriter;
import java.util.Locale;

import lab.backpressure.lab.run.BooksBroken;
import lab.backpressure.lab.run.LabRefused;
import lab.backpressure.lab.run.LabUnreachable;
import lab.backpressure.lab.run.StatusFieldMissing;
import lab.backpressure.lab.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How {@code lab} says that it could not do what was asked: one plain sentence on stderr that names what to do,
 * and the exit code. No stack trace for what a learner can fix; anything else is a bug and keeps its trace.
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        if (problem instanceof UnmatchedArgumentException unmatched && command.getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().getFirst().startsWith("-")) {
            err.println("lab has no command '" + unmatched.getUnmatched().getFirst() + "'; the commands are "
                    + String.join(", ", command.getSubcommands().keySet()) + ".");
        } else {
            err.println(problem.getMessage());
            UnmatchedArgumentException.printSuggestions(problem, err);
        }
        err.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCode.CANNOT_RUN;
    }

    @Override
    public int handleExecutionException(Exception problem, CommandLine command, ParseResult parsed) throws Exception {
        PrintWriter err = command.getErr();
        int exitCode = switch (problem) {
            case LabUnreachable unreachable -> tell(err, sentence(unreachable.getMessage()), ExitCode.CANNOT_RUN);
            case ScenarioException refused -> tell(err, refused.getMessage(), ExitCode.CANNOT_RUN);
            case NoSuchExercise missing -> tell(err, sentence(missing.getMessage()), ExitCode.CANNOT_RUN);
            case LabRefused refused -> tell(err, "The lab refused a request: " + refused.getMessage()
                    + ". A lab built before this command may lack it: rebuild it (docker compose up --build -d).",
                    ExitCode.CANNOT_RUN);
            case StatusFieldMissing missing -> tell(err, sentence(missing.getMessage()) + ". A lab built before this"
                    + " command may lack it: rebuild it (docker compose up --build -d).", ExitCode.CANNOT_RUN);
            case BooksBroken broken -> tell(err, sentence(broken.getMessage()) + ". An item was lost or counted"
                    + " twice, so the run proves nothing: that is a bug in the producer, worth reporting.",
                    ExitCode.MISSED);
            default -> throw problem;
        };
        err.flush();
        return exitCode;
    }

    private static int tell(PrintWriter err, String message, int exitCode) {
        err.println(message);
        return exitCode;
    }

    /** The engine's messages are clauses ("the producer is not reachable at ..."); alone on a line, a sentence. */
    private static String sentence(String message) {
        return message.isEmpty() ? message : message.substring(0, 1).toUpperCase(Locale.ROOT) + message.substring(1);
    }
}
