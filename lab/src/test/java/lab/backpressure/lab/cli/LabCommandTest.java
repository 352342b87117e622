package lab.backpressure.lab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code lab} command as a learner uses it, in process: against a {@link FakeLab} for runs and checks (at speed
 * 20, so exercise 4's 40 s take 2 s), and against nothing for the refusals.
 */
class LabCommandTest {

    private static final int SPEED = 20;
    /** The first bytes of a PNG file: 0x89 is no UTF-8 character's first byte. */
    private static final byte[] PNG_HEADER = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

    @TempDir
    Path files;

    private FakeLab lab;

    @BeforeEach
    void startTheFakeLab() throws IOException {
        lab = new FakeLab(SPEED);
    }

    @AfterEach
    void stopTheFakeLab() {
        lab.close();
    }

    @Test
    void listsTheBundledExercisesOneLineEach() {
        Outcome list = run("list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.out())
                .containsPattern("(?m)^  4  Solution 1: a bounded queue\\s+memory flat, the excess rejected")
                .containsPattern("(?m)^The handout: start with 1, a balanced system with no headroom")
                .contains("lab check N checks what your lab shows");
        assertThat(list.out()).as("the tracks in their order, each exercise in its track's recommended order")
                .containsSubsequence("The handout: start with 1", "  7  ", "Producer strategies: start with 8",
                        "  8  ", " 24  ", " 12  ", "Consumer pushback: start with 13", " 13  ")
                .doesNotContain("In no track");
    }

    @Test
    void listsTheExercisesOfADirectoryByTheNumberInTheirNames() throws IOException {
        Files.writeString(files.resolve("07-mine.yaml"), scenario("Mine", "between: [120, 180]"));
        Files.writeString(files.resolve("notes.txt"), "not an exercise");

        Outcome list = run("list", "--exercises", files.toString());

        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).containsPattern("(?m)^  7  Mine\\s*$").doesNotContain("Solution 1");
    }

    @Test
    void showsAnExerciseAsTheHandoutsCurlCommandsWithWhatToExpect() {
        Outcome show = run("show", "4");

        assertThat(show.exitCode()).isZero();
        assertThat(show.out())
                .contains("Exercise 4: Solution 1: a bounded queue")
                .contains("Explained in docs/exercises/04-bounded-queue.md")
                .contains("Before this exercise")
                .contains("  curl -s -X POST http://localhost:8001/admin/slow-down \\")
                .contains("    -d '{\"queue_mode\": \"bounded\", \"max_queue_size\": 100}' | jq")
                .contains("Watch for 40 s: the first 20 s let the change take effect, the last 20 s are measured.")
                .contains("- rate(producer.totals.rejected) between 6 and 9: once full, every item")
                .contains("Where did the rejected items go")
                .contains("A bounded queue keeps memory flat");
        assertThat(show.out().indexOf("slow-down")).as("the given steps come before the exercise's")
                .isLessThan(show.out().indexOf("clear-queue"));
    }

    @Test
    void runsAnExerciseWatchingLiveAndPassesWhereTheLabBehaves() throws IOException {
        Path chart = files.resolve("exercise-4.png");

        Outcome run = run("run", "4", "--speed", String.valueOf(SPEED), "--producer", lab.producer().toString(),
                "--consumer", lab.consumer().toString(), "--prometheus", "none", "--chart", chart.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("20 times faster than written")
                .contains("This run resets the lab (both services back to their start-up settings, the queue emptied)"
                        + " and takes about 2 s; to check what you did by hand instead, lab check 4.")
                .contains("consumer POST /admin/slow-down {\"factor\":5}")
                .contains("producer POST /admin/config {\"production_rate\":200}")
                .containsPattern("\\] 2 s of 2 s  mode bounded  queue (9\\d|100)/100  memory [\\d.]+ MB"
                        + " \\(heap 42.5 MB\\)"
                        + "  capacity 40/s  produced [\\d.]+/s  sent [\\d.]+/s  rejected [\\d.]+/s  dropped 0/s")
                .contains("PASS  last(producer.queue.mode) = bounded, expected equal to bounded")
                .containsPattern("PASS  rate\\(producer.totals.rejected\\) = 1\\d\\d(\\.\\d+)?, expected between 120"
                        + " and 180 \\(once full")
                .contains("5 met, 0 missed, 0 skipped.")
                .doesNotContain("\033[");
        assertThat(run.err()).as("the lab started at the run's speed: nothing to note").isEmpty();
        assertThat(lab.mode()).isEqualTo("bounded");
        assertThat(run.out()).endsWith("The run's chart: " + chart + System.lineSeparator());
        assertThat(Files.readAllBytes(chart)).startsWith(PNG_HEADER);
    }

    @Test
    void refusesAChartItCouldNotWriteNamingTheOptionBeforeChangingAnything() {
        post(lab.producer(), "/admin/config", "{\"queue_mode\": \"bounded\", \"max_queue_size\": 100}");
        Path nowhere = files.resolve("no-such-folder").resolve("exercise-4.png");

        Outcome run = run("run", "4", "--producer", lab.producer().toString(), "--consumer",
                lab.consumer().toString(), "--prometheus", "none", "--chart", nowhere.toString());
        Outcome notPng = run("run", "4", "--producer", lab.producer().toString(), "--consumer",
                lab.consumer().toString(), "--prometheus", "none", "--chart", files.resolve("chart.jpg").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Invalid value for option '--chart': cannot write " + nowhere
                + ": there is no folder " + nowhere.getParent()).contains("--chart /charts/NAME.png");
        assertThat(notPng.exitCode()).isEqualTo(2);
        assertThat(notPng.err()).contains("option '--chart'").contains("name it NAME.png");
        assertThat(run.out() + notPng.out()).as("refused before the heading, the dry run or the reset").isEmpty();
        assertThat(lab.mode()).as("not reset").isEqualTo("bounded");
    }

    /** The report folder is made; its page holds every check and the verdict, its CSV every reading. */
    @Test
    void runsAnExerciseIntoAReportFolderOfItsChecksChartAndReadings() throws IOException {
        Path report = files.resolve("exercise-4");

        Outcome run = run("run", "4", "--speed", String.valueOf(SPEED), "--producer", lab.producer().toString(),
                "--consumer", lab.consumer().toString(), "--prometheus", "none", "--report", report.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).endsWith("The run's report: " + report.resolve("report.md") + System.lineSeparator());
        String page = Files.readString(report.resolve("report.md"));
        assertThat(page).startsWith("# Exercise 4: Solution 1: a bounded queue\n\nExercise 4: Solution 1: a bounded"
                        + " queue (producer " + lab.producer())
                .contains("## bounded at 100\n\n```\nPASS  last(producer.queue.mode) = bounded, expected equal to"
                        + " bounded")
                .containsPattern("PASS  rate\\(producer.totals.rejected\\) = 1\\d\\d(\\.\\d+)?, expected between 120")
                .contains("**5 met, 0 missed, 0 skipped.**")
                .contains("![Exercise 4: Solution 1: a bounded queue, its readings over time](chart.png)")
                .contains("[readings.csv](readings.csv)");
        assertThat(Files.readAllBytes(report.resolve("chart.png"))).startsWith(PNG_HEADER);
        List<String> readings = Files.readAllLines(report.resolve("readings.csv"));
        assertThat(readings.getFirst()).isEqualTo("seconds,phase,producer.queue.size,producer.queue.max_size,"
                + "producer.totals.produced,producer.totals.sent,producer.totals.rejected,producer.totals.dropped,"
                + "producer.process.heap_used_mb,producer.process.heap_max_mb,producer.queue.memory_mb,"
                + "producer.queue.mode");
        assertThat(readings).as("a header and a reading every few of the handout's 40 s").hasSizeGreaterThan(8);
        // the fake producer reports no heap_max_mb: an empty field, not a 0
        assertThat(readings.getLast()).as("the last reading, in the handout's seconds: a full queue of 100")
                .matches("(3\\d|40)\\.\\d\\d,bounded at 100,(9\\d|100),100,\\d+,\\d+,\\d+,\\d+,42.5,,[\\d.]+,bounded");
    }

    @Test
    void refusesAReportFolderItCouldNotWriteIntoBeforeChangingAnything() throws IOException {
        post(lab.producer(), "/admin/config", "{\"queue_mode\": \"bounded\", \"max_queue_size\": 100}");
        Path aFile = Files.writeString(files.resolve("report"), "not a folder");
        Path nowhere = files.resolve("no-such-folder").resolve("report");

        Outcome onAFile = run("run", "4", "--producer", lab.producer().toString(), "--consumer",
                lab.consumer().toString(), "--prometheus", "none", "--report", aFile.toString());
        Outcome inNowhere = run("run", "4", "--producer", lab.producer().toString(), "--consumer",
                lab.consumer().toString(), "--prometheus", "none", "--report", nowhere.toString());

        assertThat(onAFile.exitCode()).isEqualTo(2);
        assertThat(onAFile.err()).startsWith("Invalid value for option '--report': cannot write into " + aFile
                + ": it is a file, not a folder");
        assertThat(inNowhere.exitCode()).isEqualTo(2);
        assertThat(inNowhere.err()).startsWith("Invalid value for option '--report': cannot write into " + nowhere
                + ": there is no folder " + nowhere.getParent());
        assertThat(onAFile.out() + inNowhere.out()).as("refused before the heading, the dry run or the reset").isEmpty();
        assertThat(lab.mode()).as("not reset").isEqualTo("bounded");
    }

    @Test
    void runsALearnersOwnFileAndMissesWhatTheLabDoesNotDo() throws IOException {
        Path file = files.resolve("too-hopeful.yaml");
        Files.writeString(file, scenario("Too hopeful", "at_most: 1"));

        Outcome run = run("run", file.toString(), "--speed", String.valueOf(SPEED), "--producer",
                lab.producer().toString(), "--consumer", lab.consumer().toString(), "--prometheus", "none");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("MISS  rate\\(producer.totals.rejected\\) = 1\\d\\d(\\.\\d+)?, expected at most 20"
                        + " \\(the excess is refused\\)")
                .contains("0 met, 1 missed, 0 skipped: MISS above says the figure, what was expected and why.");
    }

    @Test
    void checksTheLabAsItIsAndMissesWhereTheStepsWereNotDone() {
        Outcome check = run("check", "4", "--speed", String.valueOf(SPEED), "--producer", lab.producer().toString(),
                "--consumer", lab.consumer().toString(), "--prometheus", "none");

        assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
        assertThat(check.out())
                .contains("MISS  last(producer.queue.mode) = unbounded, expected equal to bounded")
                .contains("missed");
        assertThat(lab.mode()).as("a check changes nothing").isEqualTo("unbounded");
    }

    @Test
    void checksTheLabAsItIsAndPassesOnceTheStepsAreDoneByHand() {
        post(lab.consumer(), "/admin/slow-down", "{\"factor\": 5}");
        post(lab.producer(), "/admin/config", "{\"queue_mode\": \"bounded\", \"max_queue_size\": 100}");
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.queueSize() >= 95);

        Outcome check = run("check", "4", "--speed", String.valueOf(SPEED), "--producer", lab.producer().toString(),
                "--consumer", lab.consumer().toString(), "--prometheus", "none");

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).contains("PASS  last(producer.queue.mode) = bounded")
                .contains("5 met, 0 missed, 0 skipped.");
    }

    /** The lesson's phase, not the put-back after it: on a reset lab it misses, after its steps by hand it passes. */
    @Test
    void checksThePhaseMarkedCheckNotTheLastOne() throws IOException {
        Path file = files.resolve("put-back.yaml");
        Files.writeString(file, scenario("Put back", "at_least: 0") + """
                      - that: last(producer.queue.mode)
                        equals: bounded
                        why: the mode switched
                  - name: put things back
                    duration: 5s
                    steps:
                      - producer: /admin/config
                        body: {queue_mode: unbounded}
                    expect:
                      - that: last(producer.queue.mode)
                        equals: unbounded
                        why: the default mode again
                """);
        String[] check = {"check", file.toString(), "--speed", String.valueOf(SPEED), "--producer",
                lab.producer().toString(), "--consumer", lab.consumer().toString(), "--prometheus", "none"};

        Outcome onAResetLab = run(check);
        post(lab.producer(), "/admin/config", "{\"queue_mode\": \"bounded\", \"max_queue_size\": 100}");
        Outcome afterTheSteps = run(check);

        assertThat(onAResetLab.exitCode()).as(onAResetLab.toString()).isEqualTo(1);
        assertThat(onAResetLab.out()).contains("MISS  last(producer.queue.mode) = unbounded, expected equal to bounded")
                .doesNotContain("equal to unbounded");
        assertThat(afterTheSteps.exitCode()).as(afterTheSteps.toString()).isZero();
        assertThat(afterTheSteps.out()).contains("PASS  last(producer.queue.mode) = bounded")
                .contains("2 met, 0 missed, 0 skipped.");
    }

    /** Skipped is not met: a PromQL-only expectation without Prometheus is counted apart, and alone judges nothing. */
    @Test
    void countsSkippedApartAndPassesOnlyWhatWasMeasured() throws IOException {
        String promqlOnly = """
                      - promql: sum(rate(producer_items_rejected_total[20s]))
                        at_least: 6
                        scale: rate
                        why: the excess is refused
                """;
        Path withStatus = files.resolve("with-status.yaml");
        Files.writeString(withStatus, scenario("With status", "at_least: 0") + promqlOnly);
        Path onlyPromql = files.resolve("only-promql.yaml");
        Files.writeString(onlyPromql, scenario("Only PromQL", "at_least: 0")
                .substring(0, scenario("Only PromQL", "at_least: 0").indexOf("      - that:")) + promqlOnly);

        Outcome some = run("run", withStatus.toString(), "--speed", String.valueOf(SPEED), "--producer",
                lab.producer().toString(), "--consumer", lab.consumer().toString(), "--prometheus", "none");
        Outcome none = run("run", onlyPromql.toString(), "--speed", String.valueOf(SPEED), "--producer",
                lab.producer().toString(), "--consumer", lab.consumer().toString(), "--prometheus", "none");

        assertThat(some.exitCode()).as(some.toString()).isZero();
        assertThat(some.out()).contains("SKIP  sum(rate(producer_items_rejected_total[1s])): not measured, it needs"
                        + " Prometheus and none was given (--prometheus none) (the excess is refused)")
                .contains("1 met, 0 missed, 1 skipped (they need Prometheus, and none was given (--prometheus none)).");
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
        assertThat(none.out()).contains("0 met, 0 missed, 1 skipped (they need Prometheus, and none was given"
                + " (--prometheus none)): nothing was measured, so nothing is judged; give lab a Prometheus");
    }

    @Test
    void saysSoWhenTheServicesDidNotStartAtTheSpeedOfTheRun() throws IOException {
        try (FakeLab realTime = new FakeLab(1)) {
            Outcome run = run("run", "4", "--speed", String.valueOf(SPEED), "--producer",
                    realTime.producer().toString(), "--consumer", realTime.consumer().toString(),
                    "--prometheus", "none");

            assertThat(run.err()).contains("the services started at 10 items/s and 100 ms an item, but a run at speed"
                    + " 20 expects 200 items/s and 5 ms");
            assertThat(run.out()).contains("PASS  last(producer.queue.mode) = bounded");
        }
    }

    @Test
    void resetsBothServicesAndSaysWhatItDid() {
        post(lab.producer(), "/admin/config", "{\"queue_mode\": \"bounded\", \"max_queue_size\": 100}");

        Outcome reset = run("reset", "--producer", lab.producer().toString(), "--consumer", lab.consumer().toString());

        assertThat(reset.exitCode()).isZero();
        assertThat(reset.out()).contains("Reset the consumer (POST " + lab.consumer() + "/admin/reset)")
                .contains("emptied the producer's queue (POST " + lab.producer() + "/admin/clear-queue;");
        assertThat(lab.mode()).isEqualTo("unbounded");
    }

    @Test
    void refusesASettingTheServiceRefusesNamingTheFileAndLineBeforeChangingAnything() throws IOException {
        Path file = files.resolve("boundless.yaml");
        Files.writeString(file,
                scenario("Boundless", "at_most: 1").replace("queue_mode: bounded", "queue_mode: boundless"));

        Outcome run = run("run", file.toString(), "--producer", lab.producer().toString(), "--consumer",
                lab.consumer().toString(), "--prometheus", "none");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith(file + ":11: producer setting queue_mode: the producer refuses it (400): must be one of");
        assertThat(run.out()).doesNotContain("PASS", "MISS");
        assertThat(lab.mode()).isEqualTo("unbounded");
    }

    @Test
    void refusesAMalformedFileWithItsLine() throws IOException {
        Path file = files.resolve("malformed.yaml");
        Files.writeString(file, scenario("Malformed", "at_most: 1").replace("duration: 40s", "duration: soon"));

        Outcome run = run("run", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(file + ":7: duration: must be a duration such as 30s, 500ms or 2m, not"
                + " \"soon\"" + System.lineSeparator());
    }

    @Test
    void refusesABinaryFileInOneLineNamingIt() throws IOException {
        Path file = files.resolve("picture.yaml");
        Files.write(file, PNG_HEADER);

        Outcome run = run("run", file.toString(), "--producer", lab.producer().toString(), "--consumer",
                lab.consumer().toString(), "--prometheus", "none");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(file + ":1: not UTF-8 text (byte 0x89 at offset 0); a scenario file is YAML"
                + " saved as UTF-8" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void refusesAFileInAnotherEncodingNamingTheLineOfItsFirstForeignByte() throws IOException {
        Path file = files.resolve("latin-1.yaml");
        Files.writeString(file, scenario("Latin", "at_most: 1").replace("name: bounded", "name: café"),
                StandardCharsets.ISO_8859_1);

        Outcome show = run("show", file.toString());

        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(show.err()).isEqualTo(file + ":6: not UTF-8 text (byte 0xe9 at offset 94); a scenario file is"
                + " YAML saved as UTF-8" + System.lineSeparator());
    }

    @Test
    void refusesAStepToNoEndpointOfItsServiceWithItsLineBeforeTheReset() throws IOException {
        post(lab.producer(), "/admin/config", "{\"queue_mode\": \"bounded\", \"max_queue_size\": 100}");
        Path file = files.resolve("passwd.yaml");
        Files.writeString(file, withStep("producer: /../../etc/passwd"));

        Outcome run = run("run", file.toString(), "--producer", lab.producer().toString(), "--consumer",
                lab.consumer().toString(), "--prometheus", "none");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(file + ":11: producer: /../../etc/passwd is not an endpoint of the producer a"
                + " step can call; those are /admin/config, /admin/reset, /admin/clear-queue, /produce"
                + System.lineSeparator());
        assertThat(run.out()).doesNotContain("Resetting");
        assertThat(lab.mode()).as("not reset").isEqualTo("bounded");
    }

    @Test
    void summarisesAnErrorAnswerThatIsNotJsonInOneLine() throws IOException {
        // the fake producer serves no /produce: its HTTP server answers an HTML 404
        Path file = files.resolve("burst.yaml");
        Files.writeString(file, withStep("producer: /produce\n        body: {count: 5}"));

        Outcome run = run("run", file.toString(), "--speed", String.valueOf(SPEED), "--producer", lab.producer().toString(), "--consumer",
                lab.consumer().toString(), "--prometheus", "none");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("The lab refused a request: POST " + lab.producer() + "/produce answered 404:"
                + " 404 Not Found No context found for request. A lab built before this command may lack it:"
                + " rebuild it (docker compose up --build -d)." + System.lineSeparator());
    }

    @Test
    void endsTheRunNamingAFieldTheBooksNeedThatTheStatusLacks() {
        lab.leaveOutOfStatus("in_flight");

        Outcome run = run("run", "4", "--speed", String.valueOf(SPEED), "--producer", lab.producer().toString(),
                "--consumer", lab.consumer().toString(), "--prometheus", "none");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("The producer's /status has no field totals.in_flight, which the books need."
                + " A lab built before this command may lack it: rebuild it (docker compose up --build -d)."
                + System.lineSeparator());
        assertThat(run.out()).doesNotContain("PASS", "MISS");
    }

    @Test
    void refusesAnUnknownExerciseNamingTheOnesThereAre() {
        Outcome run = run("run", "99");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("There is no exercise 99 in exercises; the exercises are 1, 2, 3, 4, ")
                .contains("lab list");
    }

    @Test
    void refusesAFileThatIsNotThere() {
        Outcome show = run("show", files.resolve("missing.yaml").toString());

        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(show.err()).contains("There is no scenario file " + files.resolve("missing.yaml"));
    }

    @Test
    void refusesAnUnknownCommandOrOptionPointingToTheHelp() {
        Outcome command = run("frob");
        Outcome option = run("run", "4", "--frob");

        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.err()).contains("lab has no command 'frob'; the commands are list, show, run, check, reset.")
                .contains("See 'lab --help'.");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err()).contains("Unknown option: '--frob'").contains("See 'lab run --help'.");
    }

    @Test
    void refusesASpeedBelowOneAndAUrlWithoutItsScheme() {
        Outcome speed = run("run", "4", "--speed", "0");
        Outcome url = run("run", "4", "--producer", "localhost:8000");

        assertThat(speed.exitCode()).isEqualTo(2);
        assertThat(speed.err()).contains("--speed must be a whole number of 1 or more");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err()).contains("'localhost:8000' is not an http URL; write it like http://localhost:8000");
    }

    @Test
    void refusesToCompressAScenarioThatOnlyShowsItsPointInRealTime() throws IOException {
        Path file = files.resolve("real-time.yaml");
        Files.writeString(file, "compressible: false\n" + scenario("Real time", "at_most: 1"));

        Outcome run = run("run", file.toString(), "--speed", "5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("compressible: false").contains("run it without --speed");
    }

    @Test
    void namesTheServiceThatDoesNotAnswerAndTheUrlTried() throws IOException {
        URI nobody = URI.create("http://127.0.0.1:" + portNobodyListensOn());

        Outcome run = run("run", "4", "--producer", nobody.toString(), "--consumer", lab.consumer().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("The producer is not reachable at " + nobody)
                .contains("docker compose up --build -d")
                .contains("--producer <url>");
    }

    private static String scenario(String title, String bound) {
        return """
                title: %s
                given:
                  - consumer: /admin/slow-down
                    body: {factor: 5}
                phases:
                  - name: bounded
                    duration: 40s
                    settle: 20s
                    check: true
                    steps:
                      - producer: /admin/config
                        body: {queue_mode: bounded, max_queue_size: 100}
                    expect:
                      - that: rate(producer.totals.rejected)
                        %s
                        scale: rate
                        why: the excess is refused
                """.formatted(title, bound);
    }

    /** The scenario with {@code step} (written from the service on, as in the file) in place of its phase's step. */
    private static String withStep(String step) {
        String written = "producer: /admin/config\n        body: {queue_mode: bounded, max_queue_size: 100}";
        String scenario = scenario("Step", "at_most: 1");
        assertThat(scenario).contains(written);
        return scenario.replace(written, step);
    }

    record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine lab = Lab.commandLine(false);
        lab.setOut(new PrintWriter(out, true));
        lab.setErr(new PrintWriter(err, true));
        int exitCode = lab.execute(args);
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void post(URI service, String path, String body) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
