package lab.backpressure.labtests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * One lab service started from its packaged jar as a separate JVM, the way a learner runs it
 * without Docker. Output goes to a log file that tests can read when something fails.
 *
 * <p>Unless told a port, the service is started with {@code --server.port=0}: the kernel gives
 * Tomcat a free port as it binds, so no other process can take the port between choosing and
 * binding it, as it could when the test chose a free port first. The service's only report of the
 * port it got is Spring Boot's log line {@code Tomcat started on port 41234 (http)}, read from the log.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration LOG_POLL_INTERVAL = Duration.ofMillis(100);
    /** Logged by Spring Boot's TomcatWebServer once the connector listens, with the port it bound. */
    private static final Pattern TOMCAT_STARTED = Pattern.compile("Tomcat started on port (\\d+) \\(http\\)");

    private final LabService service;
    private final Process process;
    private final Path log;
    /** 0 until read from the log; Awaitility's poll threads read it too. */
    private volatile int port;

    private ServiceProcess(LabService service, Process process, Path log) {
        this.service = service;
        this.process = process;
        this.log = log;
    }

    public static Builder of(LabService service) {
        return new Builder(service);
    }

    /** The service's URL on loopback; like {@link #port()}, waits for the service to listen. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * The port the service listens on, waiting until its log reports it (Tomcat starts a few seconds
     * into the start-up, before the service is ready), and failing with the log if it never does.
     */
    public int port() {
        if (port == 0) {
            port = awaitPortInLog();
        }
        return port;
    }

    public LabService service() {
        return service;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The JVM's process id, e.g. to read its memory from /proc, or for tools that attach to it (jcmd). */
    public long pid() {
        return process.pid();
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
        String readiness = baseUrl() + "/actuator/health/readiness";
        try {
            await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(service + " exited with " + process.exitValue() + ":\n" + log());
                }
                return LabHttp.isUp(readiness);
            });
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException(service + " did not become ready:\n" + log(), e);
        }
        return this;
    }

    private int awaitPortInLog() {
        try {
            return await(service + " reporting its port").atMost(STARTUP_TIMEOUT).pollInterval(LOG_POLL_INTERVAL)
                    .until(() -> {
                        Matcher started = TOMCAT_STARTED.matcher(log());
                        if (started.find()) {
                            return Integer.parseInt(started.group(1));
                        }
                        if (!process.isAlive()) {
                            throw new IllegalStateException(service + " exited with " + process.exitValue());
                        }
                        return 0;
                    }, reported -> reported > 0);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException(service + " did not report a port:\n" + log(), e);
        }
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

    public static final class Builder {
        private final LabService service;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new java.util.HashMap<>();
        /** 0: any free port, bound by the service itself. */
        private int port;
        private boolean withAgent;
        /** null: the jar the build packaged. */
        private Path jar;

        private Builder(LabService service) {
            this.service = service;
        }

        /**
         * A fixed port instead of any free one, for a service that replaces one that had this port and
         * is known by it (the producer's consumer URL is fixed when the producer starts).
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Runs another form of the service's jar instead of the packaged one, e.g. the one Spring Boot's
         * {@code -Djarmode=tools extract} writes next to its {@code lib/}.
         */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** A JVM option such as -Xmx64m. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /**
         * A Spring property given on the command line, e.g. property("lab.producer.production-rate", "50"); set again,
         * the new value replaces the old (Spring would join the two with a comma).
         */
        public Builder property(String name, Object value) {
            arguments.removeIf(argument -> argument.startsWith("--" + name + "="));
            arguments.add("--" + name + "=" + value);
            return this;
        }

        /** The command-line arguments given so far, as the process will get them. */
        List<String> arguments() {
            return List.copyOf(arguments);
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
            command.add((jar == null ? service.jar() : jar).toString());
            command.add("--server.port=" + port);
            command.addAll(arguments);
            try {
                Path log = Files.createTempFile("lab-" + service.serviceName() + "-", ".log");
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().putAll(environment);
                return new ServiceProcess(service, builder.start(), log);
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
