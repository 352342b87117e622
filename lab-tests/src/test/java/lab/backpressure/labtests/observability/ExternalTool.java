package lab.backpressure.labtests.observability;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A command-line tool from Debian's {@code prometheus} package ({@code promtool}, {@code prometheus}).
 * CI installs the package (.ci/run), so there a missing tool fails the test; on a developer
 * machine without it the test is skipped with a message saying what to install.
 */
final class ExternalTool {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private ExternalTool() {
    }

    record Result(int exitCode, String output) {
    }

    /** The tool's path, or skips (fails on CI) the calling test when it is not installed. */
    static Path require(String name) {
        return require(name, System.getenv());
    }

    /** {@link #require(String)} against the given environment ({@code PATH}, {@code CI}), so a test can vary it. */
    static Path require(String name, Map<String, String> environment) {
        Optional<Path> tool = onPath(name, environment.getOrDefault("PATH", ""));
        if (tool.isEmpty()) {
            String message = name + " is not on the PATH: install Debian's prometheus package "
                    + "(apt-get install prometheus), as .ci/run does";
            if ("true".equalsIgnoreCase(environment.get("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        return tool.orElseThrow();
    }

    /** Runs the tool to completion and returns its exit code with stdout and stderr merged. */
    static Result run(Path workingDirectory, List<String> command) {
        try {
            Path output = Files.createTempFile("lab-" + Path.of(command.getFirst()).getFileName() + "-", ".out");
            Process process = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + COMMAND_TIMEOUT);
            }
            String text = Files.readString(output);
            Files.delete(output);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static Optional<Path> onPath(String name, String path) {
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
