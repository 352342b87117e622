package lab.backpressure.labtests.benchmark.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import lab.backpressure.labtests.benchmark.InvalidRun;
import lab.backpressure.labtests.benchmark.Machine;
import lab.backpressure.labtests.benchmark.Progress;
import lab.backpressure.labtests.benchmark.ResultTable;
import lab.backpressure.labtests.benchmark.ResultsReport;
import lab.backpressure.labtests.benchmark.Verdict;
import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ReservedPort;
import lab.backpressure.labtests.support.ServiceProcess;
import lab.backpressure.labtests.tracing.OtlpHttpReceiver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static lab.backpressure.labtests.benchmark.ResultsReport.number;

/**
 * Issue 12's startup question: how long each service takes from process start to ready, with and without the
 * OpenTelemetry agent, and what a JDK 25 AOT cache (JEP 483/514) or an AppCDS archive buys. Each service is
 * started {@code lab.benchmark.startup.runs} times (default 5) in each of four forms, with and without the agent:
 * <ul>
 * <li>the packaged jar, as the README runs it;</li>
 * <li>the jar Spring Boot's {@code -Djarmode=tools extract} writes, with its {@code lib/}: what a cache needs;</li>
 * <li>that extracted jar with an AppCDS archive ({@code -XX:ArchiveClassesAtExit} in a training run, then
 * {@code -XX:SharedArchiveFile});</li>
 * <li>that extracted jar with an AOT cache ({@code -XX:AOTCacheOutput} in a training run, then {@code -XX:AOTCache}).</li>
 * </ul>
 * A training run starts the service with {@code -Dspring.context.exit=onRefresh}, so it exits once its context is
 * refreshed. With the agent, the training runs without it, as the agent's class-file transformer would keep its
 * classes out of the cache and, on this JDK, crashes the cache's assembly: the agent's jar goes on the boot class
 * path and {@code java.instrument} into the module graph in the training run and in every run with the cache, and
 * only those runs add {@code -javaagent}.
 *
 * <p>Ready is the moment {@code /actuator/health/readiness} answers UP (as {@link ServiceProcess#awaitReady()} asks),
 * polled every 20 ms on a port fixed in advance, measured from just before the process is started. The starts go
 * round-robin over all the variants, so a change of the machine's load falls on all of them alike, and each
 * figure is the median of its runs; every ratio divides two medians of the same run. Next to the wall time it
 * reports the CPU time the JVM had used when it was ready, which a busy machine stretches far less.
 *
 * <p>It refuses to report an invalid run ({@link InvalidRun}): a training run failed or wrote no file, a start did
 * not become ready (a cache the JVM cannot use counts: the runs with a cache ask for it strictly, with
 * {@code -XX:AOTMode=on} or {@code -Xshare:on}), Spring did not log its start, or a run with the agent exported no
 * span (the agent did not work in that form).
 */
@Tag("benchmark")
@Timeout(value = 45, unit = TimeUnit.MINUTES)
class StartupBenchmark {

    private static final int RUNS = Integer.getInteger("lab.benchmark.startup.runs", 5);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(5);
    /** Spring logs its start just before readiness goes UP; the log file may lag the answer by a flush. */
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SPAN_EXPORT_DELAY = Duration.ofMillis(200);
    private static final Duration SPAN_TIMEOUT = Duration.ofSeconds(30);
    /** Issue 12's decision rule: a cache that cuts startup by at least this share goes into the images and the README. */
    private static final double CUT_TARGET = 0.30;
    /** Spring Boot's "Started ... in 2.1 seconds (process running for 2.4)": the JVM's uptime when the context was up. */
    private static final Pattern SPRING_STARTED = Pattern.compile("process running for ([0-9.]+)");
    private static final Pattern STATUS_KIBIBYTES = Pattern.compile("(VmRSS|RssAnon):\\s+(\\d+) kB");
    private static final double MILLIS_PER_SECOND = 1000;
    private static final double NANOS_PER_MILLI = 1e6;
    private static final double KIBIBYTES_PER_MEBIBYTE = 1024;
    private static final double CLOCK_TICKS_PER_SECOND = 100;
    private static final double BYTES_PER_MEBIBYTE = 1024 * 1024;

    /** How the service's code reaches the JVM. */
    enum Form {
        JAR("packaged jar"),
        EXTRACTED("extracted jar"),
        APP_CDS("extracted + AppCDS"),
        AOT_CACHE("extracted + AOT cache");

        private final String label;

        Form(String label) {
            this.label = label;
        }

        boolean cached() {
            return this == APP_CDS || this == AOT_CACHE;
        }
    }

    /** One way of starting one service. */
    record Variant(LabService service, boolean agent, Form form) {

        String label() {
            return service.serviceName() + (agent ? " with agent" : " without agent") + ", " + form.label;
        }

        String agentCell() {
            return agent ? "yes" : "no";
        }
    }

    /**
     * One start.
     *
     * @param readyMillis   from just before the process was started until readiness answered UP
     * @param springSeconds the JVM's uptime when Spring logged that the application had started
     * @param cpuSeconds    the CPU time the JVM had used when it was ready, all its threads, user and system: the
     *                      work the start took, which a busy machine stretches far less than the wall time
     */
    record Run(double readyMillis, double springSeconds, double cpuSeconds, double rssMebibytes,
               double anonymousMebibytes) {
    }

    /** A training run: how long it took and how large a file it left. */
    record Training(Variant variant, double seconds, double mebibytes) {
    }

    private final Map<Variant, List<Run>> runs = new LinkedHashMap<>();
    private final List<Training> trainings = new ArrayList<>();
    private Path work;
    private String closedUrl;
    private OtlpHttpReceiver receiver;
    private Progress progress;

    @Test
    void measureStartup() throws Exception {
        List<String> context = new ArrayList<>(List.of(
                "date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                "machine: " + Machine.description() + ", load average at start " + Machine.loadAverage()));
        work = LabService.repositoryRoot().resolve("lab-tests/target/startup-benchmark");
        List<Variant> variants = new ArrayList<>();
        for (LabService service : LabService.values()) {
            for (boolean agent : List.of(false, true)) {
                for (Form form : Form.values()) {
                    variants.add(new Variant(service, agent, form));
                }
            }
        }
        List<Variant> trained = variants.stream().filter(variant -> variant.form().cached()).toList();
        progress = new Progress(LabService.values().length + trained.size() + RUNS * variants.size());
        // nothing listens on the consumer URL the producer is given, nor on the agent's endpoint but the receiver
        try (ReservedPort closed = ReservedPort.any(); OtlpHttpReceiver startedReceiver = OtlpHttpReceiver.start()) {
            closedUrl = closed.url();
            receiver = startedReceiver;
            for (LabService service : LabService.values()) {
                extract(service);
            }
            for (Variant variant : trained) {
                train(variant);
            }
            for (int round = 0; round < RUNS; round++) {
                List<Variant> order = new ArrayList<>(variants);
                // each round starts with another variant, so none is always the first after a training or a pause
                Collections.rotate(order, -round * Math.max(1, variants.size() / RUNS));
                for (Variant variant : order) {
                    progress.step(variant.label() + ", run " + (round + 1) + " of " + RUNS);
                    Run run = start(variant);
                    runs.computeIfAbsent(variant, v -> new ArrayList<>()).add(run);
                    progress.phase("ready after " + number(run.readyMillis(), 0) + " ms (Spring started at "
                            + number(run.springSeconds(), 2) + " s), CPU " + number(run.cpuSeconds(), 1) + " s, RSS "
                            + number(run.rssMebibytes(), 0) + " MiB");
                }
            }
        }
        context.add("load average at end " + Machine.loadAverage() + ", run time " + progress.elapsed().toSeconds() + " s");
        context.add("JVM: " + Machine.jvm() + ", the same java for the services");
        context.add("settings: " + RUNS + " starts per variant, round-robin over the variants (-Dlab.benchmark.startup.runs); "
                + "ready = /actuator/health/readiness answers UP, polled every " + POLL_INTERVAL.toMillis()
                + " ms on a port fixed in advance, from just before the process starts; producer "
                + String.join(" ", baseOptions(LabService.PRODUCER)) + " (the README's) with producing false and "
                + "nothing at its consumer URL; consumer with no JVM options; with the agent: the jar the build "
                + "copied, exporting OTLP/HTTP to a receiver in the test JVM, which got spans of the readiness requests from every such run");
        context.add("AppCDS: -XX:ArchiveClassesAtExit in a training run with -Dspring.context.exit=onRefresh, then "
                + "-Xshare:on -XX:SharedArchiveFile; AOT cache: -XX:AOTCacheOutput in such a training run, then "
                + "-XX:AOTMode=on -XX:AOTCache; both on the jar extracted by -Djarmode=tools extract. With the agent, "
                + "training and runs add --add-modules=java.instrument -Xbootclasspath/a:<agent jar>, and only the runs "
                + "-javaagent (a training run with -javaagent crashed this JDK while it assembled the cache)");
        report(context);
    }

    /** {@code java -Djarmode=tools -jar x.jar extract}: {@code x.jar} and its {@code lib/}, as Spring Boot recommends for a cache. */
    private void extract(LabService service) throws IOException, InterruptedException {
        progress.step("extracting " + service.serviceName() + ".jar with -Djarmode=tools");
        Path destination = work.resolve(service.serviceName());
        Files.createDirectories(work);
        Path log = work.resolve(service.serviceName() + "-extract.log");
        Process extract = new ProcessBuilder(java(), "-Djarmode=tools", "-jar", service.jar().toString(), "extract",
                "--force", "--destination", destination.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!extract.waitFor(TRAINING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || extract.exitValue() != 0
                || !Files.isRegularFile(extractedJar(service))) {
            extract.destroyForcibly();
            throw new InvalidRun("extracting " + service.jar() + " failed; its output: " + log);
        }
    }

    /** The training run of a cached variant: the service starts, refreshes its context and exits, leaving the file. */
    private void train(Variant variant) throws IOException, InterruptedException {
        Path file = archive(variant);
        progress.step("training run for " + variant.label() + " → " + file.getFileName());
        Files.deleteIfExists(file);
        ServiceProcess.Builder builder = ServiceProcess.of(variant.service()).jar(extractedJar(variant.service()));
        options(variant, true).forEach(builder::jvmOption);
        builder.jvmOption("-Dspring.context.exit=onRefresh");
        properties(variant.service()).forEach(builder::property);
        long start = System.nanoTime();
        try (ServiceProcess training = builder.start()) {
            Optional<Integer> exit = training.awaitExit(TRAINING_TIMEOUT);
            double seconds = (System.nanoTime() - start) / NANOS_PER_MILLI / MILLIS_PER_SECOND;
            if (exit.isEmpty() || exit.get() != 0 || !Files.isRegularFile(file)) {
                throw new InvalidRun("the training run for " + variant.label() + " "
                        + exit.map(code -> "exited with " + code).orElse("did not exit within " + TRAINING_TIMEOUT.toSeconds() + " s")
                        + (Files.isRegularFile(file) ? "" : " and wrote no " + file) + "; its log: " + training.logFile());
            }
            trainings.add(new Training(variant, seconds, Files.size(file) / BYTES_PER_MEBIBYTE));
            progress.phase(number(seconds, 1) + " s, " + number(Files.size(file) / BYTES_PER_MEBIBYTE, 0) + " MiB");
        }
    }

    /** One start of {@code variant}, timed to readiness, then stopped. */
    private Run start(Variant variant) throws IOException, InterruptedException {
        int port;
        try (ReservedPort free = ReservedPort.any()) {
            port = free.port();
        }
        ServiceProcess.Builder builder = ServiceProcess.of(variant.service()).port(port);
        if (variant.form() != Form.JAR) {
            builder.jar(extractedJar(variant.service()));
        }
        options(variant, false).forEach(builder::jvmOption);
        properties(variant.service()).forEach(builder::property);
        if (variant.agent()) {
            builder.withAgent()
                    .env("OTEL_SERVICE_NAME", variant.service().serviceName())
                    .env("OTEL_TRACES_EXPORTER", "otlp")
                    .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                    .env("OTEL_METRICS_EXPORTER", "none")
                    .env("OTEL_LOGS_EXPORTER", "none")
                    // the spans of the readiness requests reach the receiver within a second of ready
                    .env("OTEL_BSP_SCHEDULE_DELAY", Long.toString(SPAN_EXPORT_DELAY.toMillis()));
        }
        long spansBefore = spansOf(variant.service());
        String readiness = "http://127.0.0.1:" + port + "/actuator/health/readiness";
        Run run;
        long start = System.nanoTime();
        try (ServiceProcess process = builder.start()) {
            while (!LabHttp.isUp(readiness)) {
                if (!process.isAlive() || System.nanoTime() - start > READY_TIMEOUT.toNanos()) {
                    throw new InvalidRun(variant.label() + (process.isAlive() ? " was not ready within "
                            + READY_TIMEOUT.toSeconds() + " s" : " exited before it was ready") + "; its log: " + process.logFile()
                            + (variant.form().cached() ? " (a cache or archive the JVM cannot use ends it at once)" : ""));
                }
                Thread.sleep(POLL_INTERVAL);
            }
            double readyMillis = (System.nanoTime() - start) / NANOS_PER_MILLI;
            double cpuSeconds = cpuSeconds(process.pid());
            Map<String, Double> memory = memoryKibibytes(process.pid());
            run = new Run(readyMillis, springStarted(variant, process), cpuSeconds,
                    memory.getOrDefault("VmRSS", Double.NaN) / KIBIBYTES_PER_MEBIBYTE,
                    memory.getOrDefault("RssAnon", Double.NaN) / KIBIBYTES_PER_MEBIBYTE);
            if (variant.agent()) {
                awaitSpan(variant, spansBefore);
            }
        }
        return run;
    }

    /** The JVM options of a run of {@code variant}, or of its training run. */
    private List<String> options(Variant variant, boolean training) {
        List<String> options = new ArrayList<>(baseOptions(variant.service()));
        if (variant.agent() && variant.form().cached()) {
            options.add("--add-modules=java.instrument");
            options.add("-Xbootclasspath/a:" + variant.service().agent());
        }
        Path file = archive(variant);
        switch (variant.form()) {
            case APP_CDS -> options.addAll(training ? List.of("-XX:ArchiveClassesAtExit=" + file)
                    : List.of("-Xshare:on", "-XX:SharedArchiveFile=" + file));
            case AOT_CACHE -> options.addAll(training ? List.of("-XX:AOTCacheOutput=" + file)
                    : List.of("-XX:AOTMode=on", "-XX:AOTCache=" + file));
            default -> {
            }
        }
        return options;
    }

    /** What the README gives each service: the producer's heap and its end on OutOfMemoryError; nothing for the consumer. */
    private static List<String> baseOptions(LabService service) {
        return service == LabService.PRODUCER ? List.of("-XX:+ExitOnOutOfMemoryError", "-Xmx100m") : List.of();
    }

    /** The producer neither produces nor finds a consumer, so nothing but its start costs CPU. */
    private Map<String, Object> properties(LabService service) {
        return service == LabService.PRODUCER
                ? Map.of("lab.producer.producing", false, "lab.producer.consumer-url", closedUrl)
                : Map.of();
    }

    private Path extractedJar(LabService service) {
        return work.resolve(service.serviceName()).resolve(service.serviceName() + ".jar");
    }

    private Path archive(Variant variant) {
        String suffix = switch (variant.form()) {
            case APP_CDS -> ".jsa";
            case AOT_CACHE -> ".aot";
            default -> ".none";
        };
        return work.resolve(variant.service().serviceName() + (variant.agent() ? "-agent" : "") + suffix);
    }

    private double springStarted(Variant variant, ServiceProcess process) throws InterruptedException {
        long deadline = System.nanoTime() + LOG_TIMEOUT.toNanos();
        while (true) {
            Matcher started = SPRING_STARTED.matcher(process.log());
            if (started.find()) {
                return Double.parseDouble(started.group(1));
            }
            if (System.nanoTime() > deadline) {
                throw new InvalidRun(variant.label() + " answered ready but never logged Spring's start; its log: "
                        + process.logFile());
            }
            Thread.sleep(POLL_INTERVAL);
        }
    }

    /** The agent works in this form: a span of the readiness requests reached the receiver (after the timing). */
    private void awaitSpan(Variant variant, long spansBefore) throws InterruptedException {
        long deadline = System.nanoTime() + SPAN_TIMEOUT.toNanos();
        while (spansOf(variant.service()) == spansBefore) {
            if (System.nanoTime() > deadline) {
                throw new InvalidRun(variant.label() + " exported no span of its readiness requests within "
                        + SPAN_TIMEOUT.toSeconds() + " s: the agent did not work");
            }
            Thread.sleep(POLL_INTERVAL);
        }
    }

    private long spansOf(LabService service) {
        return receiver.spans().stream().filter(span -> span.service().equals(service.serviceName())).count();
    }

    /**
     * utime + stime from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s, Linux's USER_HZ on every
     * common platform); NaN where there is no /proc. The fields are counted after the command name, which is in
     * parentheses and may hold blanks.
     */
    private static double cpuSeconds(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.isReadable(stat)) {
            return Double.NaN;
        }
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) fields[12]
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
    }

    /** VmRSS and RssAnon from /proc, empty where there is no /proc. */
    private static Map<String, Double> memoryKibibytes(long pid) throws IOException {
        Path status = Path.of("/proc/" + pid + "/status");
        Map<String, Double> memory = new LinkedHashMap<>();
        if (Files.isReadable(status)) {
            Matcher field = STATUS_KIBIBYTES.matcher(Files.readString(status));
            while (field.find()) {
                memory.put(field.group(1), Double.parseDouble(field.group(2)));
            }
        }
        return memory;
    }

    private void report(List<String> context) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (Map.Entry<Variant, List<Run>> entry : runs.entrySet()) {
            Variant variant = entry.getKey();
            List<Run> measured = entry.getValue();
            double ready = median(measured, Run::readyMillis);
            double ofJar = ready / median(runs.get(new Variant(variant.service(), variant.agent(), Form.JAR)), Run::readyMillis);
            double ofExtracted = ready
                    / median(runs.get(new Variant(variant.service(), variant.agent(), Form.EXTRACTED)), Run::readyMillis);
            double fastest = measured.stream().mapToDouble(Run::readyMillis).min().orElseThrow();
            double slowest = measured.stream().mapToDouble(Run::readyMillis).max().orElseThrow();
            double cpu = median(measured, Run::cpuSeconds);
            double cpuOfJar = cpu / median(runs.get(new Variant(variant.service(), variant.agent(), Form.JAR)), Run::cpuSeconds);
            rows.add(List.of(variant.service().serviceName(), variant.agentCell(), variant.form().label,
                    Integer.toString(measured.size()), number(ready, 0), number(fastest, 0) + "–" + number(slowest, 0),
                    number(ofJar, 2), number(ofExtracted, 2), number(median(measured, Run::springSeconds), 2),
                    number(cpu, 1), number(cpuOfJar, 2), number(median(measured, Run::rssMebibytes), 0),
                    number(median(measured, Run::anonymousMebibytes), 0)));
            if (variant.form().cached()) {
                verdicts.add(new Verdict(variant.form().label + " cuts " + variant.service().serviceName()
                        + "'s startup " + (variant.agent() ? "with" : "without") + " the agent by ≥ "
                        + Math.round(CUT_TARGET * 100) + " % against the packaged jar", ofJar <= 1 - CUT_TARGET,
                        number(ready, 0) + " ms = " + number(ofJar, 2) + " × the packaged jar's (cut "
                                + Math.round((1 - ofJar) * 100) + " %), " + number(ofExtracted, 2)
                                + " × the extracted jar's; CPU " + number(cpuOfJar, 2) + " × the packaged jar's"));
            }
        }
        List<ResultTable> tables = List.of(
                new ResultTable("startup", "Startup to ready (medians)", List.of("service", "agent", "form", "runs",
                        "ready ms", "ready ms min–max", "ready ÷ packaged jar", "ready ÷ extracted jar", "Spring started s",
                        "CPU s", "CPU ÷ packaged jar", "RSS MiB", "anonymous RSS MiB"), 3, rows),
                new ResultTable("training", "Training runs", List.of("service", "agent", "file", "training s", "file MiB"), 3,
                        trainings.stream().map(training -> List.of(training.variant().service().serviceName(),
                                training.variant().agentCell(), training.variant().form().label,
                                number(training.seconds(), 1), number(training.mebibytes(), 0))).toList()));
        String tablesMarkdown = tables.stream().map(ResultTable::markdown).collect(Collectors.joining("\n"));
        String verdictLines = verdicts.stream().map(verdict -> "- " + verdict.line()).collect(Collectors.joining("\n"));
        System.out.println(tablesMarkdown + "\n" + verdictLines);
        ResultsReport.write(LabService.repositoryRoot().resolve("benchmarks/results"), "startup",
                "# Startup to ready: agent, AppCDS, AOT cache\n\n"
                        + "Written by `StartupBenchmark`; see docs/benchmarks.md.\n\n"
                        + ResultsReport.contextList(context) + "\n\n" + tablesMarkdown + "\n## Verdicts\n\n" + verdictLines + "\n",
                ResultTable.CSV_HEADER + "\n" + tables.stream().map(ResultTable::csv).collect(Collectors.joining()));
    }

    private static double median(List<Run> measured, java.util.function.ToDoubleFunction<Run> value) {
        double[] sorted = measured.stream().mapToDouble(value).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
