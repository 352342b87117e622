package lab.backpressure.labtests.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One lab service started from its packaged jar as a separate JVM, the way a learner runs it
 * without Docker. Output goes to a log file that tests can read when something fails.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private final LabService service;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(LabService service, int port, Process process, Path log) {
        this.service = service;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    public static Builder of(LabService service) {
        return new Builder(service);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public LabService service() {
        return service;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return log;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "<no log: " + e.getMessage() + ">";
        }
    }

    /** Waits for the process to end by itself and returns its exit code, or empty on timeout. */
    public Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? Optional.of(process.exitValue())
                : Optional.empty();
    }

    /** Blocks until /actuator/health/readiness answers UP, failing with the service's log otherwise. */
    public ServiceProcess awaitReady() {
        try {
            await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(service + " exited with " + process.exitValue() + ":\n" + log());
                }
                return LabHttp.isUp(baseUrl() + "/actuator/health/readiness");
            });
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException(service + " did not become ready:\n" + log(), e);
        }
        return this;
    }

    @Override
    public void close() {
        stop(process);
    }

    /** Asks a process to end (SIGTERM, so a JVM shuts down gracefully) and kills it if it does not. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    public static final class Builder {
        private final LabService service;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new java.util.HashMap<>();
        private int port = freePort();
        private boolean withAgent;

        private Builder(LabService service) {
            this.service = service;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A JVM option such as -Xmx64m. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** A Spring property given on the command line, e.g. property("lab.producer.production-rate", "50"). */
        public Builder property(String name, Object value) {
            arguments.add("--" + name + "=" + value);
            return this;
        }

        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Attaches the real OpenTelemetry Java agent that the build copied next to the jar. */
        public Builder withAgent() {
            withAgent = true;
            return this;
        }

        /** Starts the JVM and returns at once; call {@link ServiceProcess#awaitReady()} to wait for it. */
        public ServiceProcess start() {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            if (withAgent) {
                command.add("-javaagent:" + service.agent());
            }
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(service.jar().toString());
            command.add("--server.port=" + port);
            command.addAll(arguments);
            try {
                Path log = Files.createTempFile("lab-" + service.serviceName() + "-", ".log");
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().putAll(environment);
                return new ServiceProcess(service, port, builder.start(), log);
            } catch (IOException e) {
                throw new IllegalStateException("could not start " + service, e);
            }
        }

        /** Starts the JVM and waits until it is ready. */
        public ServiceProcess startReady() {
            return start().awaitReady();
        }
    }
}
