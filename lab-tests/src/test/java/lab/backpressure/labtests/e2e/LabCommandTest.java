package lab.backpressure.labtests.e2e;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.lab.scenario.Service;
import lab.backpressure.labtests.support.CompressedStart;
import lab.backpressure.labtests.support.Lab;
import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ServiceProcess;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar lab.jar} as a learner runs it, against the real producer and consumer jars started five times
 * faster than the handout ({@link CompressedStart}: the consumer at 20 ms an item, the producer at 50 items/s, every
 * other time and rate default scaled too): exercise 4 run by the command passes, and checked after the producer is
 * put back to unbounded, misses; exercise 8 run without Prometheus passes on what it measured and counts its
 * PromQL-only expectation as skipped, not met. A binary file and a step to no endpoint are refused in one line
 * before anything changes, and every path a step may call is one of the real services' endpoints.
 */
class LabCommandTest {

    private static final TimeScale SPEED = new TimeScale(5);
    /** Exercise 4 takes 40 s written, 8 s at speed 5; the rest is the command's start and a busy machine. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    /** The first bytes of a PNG file: 0x89 is no UTF-8 character's first byte. */
    private static final byte[] PNG_HEADER = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

    private static Lab services;
    private static ServiceProcess consumer;
    private static ServiceProcess producer;

    @TempDir
    Path files;

    @BeforeAll
    static void startTheLabCompressed() {
        services = Lab.start(CompressedStart.consumer(SPEED), CompressedStart.producer(SPEED));
        consumer = services.consumer();
        producer = services.producer();
    }

    @AfterAll
    static void stopTheLab() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void runsExercise4AndEveryExpectationPasses() throws Exception {
        Path chart = files.resolve("exercise-4.png");

        Outcome run = runWithoutPrometheus("4", "--chart", chart.toString());

        assertThat(run.output())
                .contains("consumer POST /admin/slow-down {\"factor\":5}")
                .contains("producer POST /admin/config {\"queue_mode\":\"bounded\",\"max_queue_size\":100}")
                .contains("PASS  last(producer.queue.mode) = bounded, expected equal to bounded")
                .containsPattern("PASS  rate\\(producer.totals.rejected\\) = [\\d.]+, expected between 30 and 45")
                .contains("5 met, 0 missed, 0 skipped.");
        assertThat(run.output().lines().filter(line -> line.startsWith("PASS  "))).hasSize(5);
        // the packaged jar draws it too, in a JVM without a display
        assertThat(run.output()).contains("The run's chart: " + chart);
        BufferedImage picture = ImageIO.read(chart.toFile());
        assertThat(picture.getWidth()).isEqualTo(1200);
        assertThat(picture.getHeight()).isEqualTo(900);
    }

    @Test
    void runsExercise8WithoutPrometheusAndCountsWhatItCouldNotMeasureAsSkipped() throws Exception {
        Outcome run = runWithoutPrometheus("8");

        assertThat(run.output())
                .contains("SKIP  histogram_quantile(0.99, sum by (le) (rate(producer_queue_wait_seconds_bucket[4s]))):"
                        + " not measured, it needs Prometheus and none was given (--prometheus none)")
                .containsPattern("(?m)^13 met, 0 missed, 1 skipped \\(they need Prometheus, and none was given"
                        + " \\(--prometheus none\\)\\)\\.$");
    }

    @Test
    void checksExercise4AgainstAnUnboundedProducerAndMisses() throws Exception {
        LabHttp.postJson(producer.baseUrl() + "/admin/config", "{\"queue_mode\": \"unbounded\"}");

        Outcome check = lab(Map.of("LAB_PRODUCER_URL", producer.baseUrl(), "LAB_CONSUMER_URL", consumer.baseUrl(),
                "LAB_PROMETHEUS_URL", "none", "LAB_SPEED", String.valueOf(SPEED.speed())), "check", "4");

        assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
        assertThat(check.output())
                .contains("MISS  last(producer.queue.mode) = unbounded, expected equal to bounded")
                .containsPattern("\\d met, [1-9]\\d* missed, 0 skipped: MISS above says");
        assertThat(LabHttp.getJson(producer.baseUrl() + "/status").path("queue").path("mode").asString())
                .as("a check changes nothing").isEqualTo("unbounded");
    }

    @Test
    void refusesABinaryFileAndAStepToNoEndpointInOneLineBeforeChangingAnything() throws Exception {
        LabHttp.postJson(producer.baseUrl() + "/admin/config", "{\"queue_mode\": \"bounded\", \"max_queue_size\": 77}");
        Path binary = Files.write(files.resolve("picture.yaml"), PNG_HEADER);
        Path passwd = Files.writeString(files.resolve("passwd.yaml"), """
                title: A step to no endpoint
                phases:
                  - name: read a file
                    duration: 5s
                    steps:
                      - producer: /../../etc/passwd
                    expect:
                      - that: last(producer.queue.mode)
                        equals: unbounded
                        why: nothing
                    check: true
                """);

        Outcome binaryRun = lab("run", binary.toString(), "--producer", producer.baseUrl(), "--consumer",
                consumer.baseUrl(), "--prometheus", "none");
        Outcome passwdRun = lab("run", passwd.toString(), "--producer", producer.baseUrl(), "--consumer",
                consumer.baseUrl(), "--prometheus", "none");

        assertThat(binaryRun.exitCode()).as(binaryRun.output()).isEqualTo(2);
        assertThat(binaryRun.output()).isEqualTo(binary + ":1: not UTF-8 text (byte 0x89 at offset 0); a scenario file"
                + " is YAML saved as UTF-8" + System.lineSeparator());
        assertThat(passwdRun.exitCode()).as(passwdRun.output()).isEqualTo(2);
        assertThat(passwdRun.output()).endsWith(passwd + ":6: producer: /../../etc/passwd is not an endpoint of the"
                + " producer a step can call; those are /admin/config, /admin/reset, /admin/clear-queue, /produce"
                + System.lineSeparator()).doesNotContain("Resetting", "<");
        JsonNode config = LabHttp.getJson(producer.baseUrl() + "/admin/config");
        assertThat(config.required("queue_mode").asString()).as("not reset").isEqualTo("bounded");
        assertThat(config.required("max_queue_size").intValue()).isEqualTo(77);
    }

    /** A GET changes nothing: a path mapped for POST only answers 405 (GET /admin/config 200), an unmapped one 404. */
    @Test
    void everyPathAStepMayCallIsAnEndpointOfItsRealService() {
        for (Service service : Service.values()) {
            String baseUrl = service == Service.PRODUCER ? producer.baseUrl() : consumer.baseUrl();
            assertThat(LabHttp.get(baseUrl + "/admin/nothing").status()).as("the probe tells a missing path")
                    .isEqualTo(404);
            for (String path : service.stepPaths()) {
                assertThat(LabHttp.get(baseUrl + path).status()).as("GET %s%s", service.key(), path).isIn(200, 405);
            }
        }
    }

    record Outcome(int exitCode, String output) {
    }

    /** {@code lab run N --speed 5 --prometheus none} and {@code more} against the two jars, which must exit 0. */
    private static Outcome runWithoutPrometheus(String exercise, String... more)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", exercise, "--speed", String.valueOf(SPEED.speed()),
                "--producer", producer.baseUrl(), "--consumer", consumer.baseUrl(), "--prometheus", "none"));
        args.addAll(List.of(more));
        Outcome run = lab(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run;
    }

    private static Outcome lab(String... args) throws IOException, InterruptedException {
        return lab(Map.of(), args);
    }

    /** The command in a JVM of its own, as {@code java -jar lab/target/lab.jar}, its stdout and stderr together. */
    private static Outcome lab(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", commandJar().toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("lab-command-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            ServiceProcess.stop(process);
            throw new AssertionError("lab " + String.join(" ", args) + " did not end within " + RUN_TIMEOUT + ":\n"
                    + Files.readString(output));
        }
        return new Outcome(process.exitValue(), Files.readString(output));
    }

    private static Path commandJar() {
        Path jar = Path.of(System.getProperty("lab.command.jar", "lab/target/lab.jar"));
        assertThat(jar).as("the lab command's jar: build it first (./mvnw -pl lab package)").isRegularFile();
        return jar;
    }
}
