package lab.backpressure.lab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Where {@code lab run --chart} writes its picture, checked before the run changes anything: a run of minutes whose
 * chart then cannot be written would have to be run again.
 */
final class ChartFile {

    private ChartFile() {
    }

    /** Refuses a file that could not be written, naming the option, the file and why. */
    static void check(CommandLine command, Path file) {
        problem(file.toAbsolutePath()).ifPresent(why -> {
            throw new ParameterException(command, "Invalid value for option '--chart': cannot write " + file + ": "
                    + why + " (in the lab container, write it to the mounted folder: --chart /charts/NAME.png;"
                    + " docs/lab-command.md)");
        });
    }

    /** Refuses a report folder whose files could not be written, naming the option, the folder and why. */
    static void checkReport(CommandLine command, Path folder) {
        reportProblem(folder.toAbsolutePath()).ifPresent(why -> {
            throw new ParameterException(command, "Invalid value for option '--report': cannot write into " + folder
                    + ": " + why + " (in the lab container, write it to the mounted folder: --report /charts/NAME;"
                    + " docs/lab-command.md)");
        });
    }

    /** A folder that exists must be writable; one that does not yet is made in a writable folder. */
    private static Optional<String> reportProblem(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            return Optional.of("it is a file, not a folder");
        }
        Path writable = Files.exists(folder) ? folder : folder.getParent();
        if (!Files.isDirectory(writable)) {
            return Optional.of("there is no folder " + writable);
        }
        return Files.isWritable(writable) ? Optional.empty()
                : Optional.of("the folder " + writable + " is not writable by this user");
    }

    private static Optional<String> problem(Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            return Optional.of("the chart is a PNG picture, name it NAME.png");
        }
        Path folder = file.getParent();
        if (Files.isDirectory(file)) {
            return Optional.of("it is a folder");
        }
        if (!Files.isDirectory(folder)) {
            return Optional.of("there is no folder " + folder);
        }
        if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(folder)) {
            return Optional.of((Files.exists(file) ? "the file" : "the folder " + folder) + " is not writable by this"
                    + " user");
        }
        return Optional.empty();
    }
}
