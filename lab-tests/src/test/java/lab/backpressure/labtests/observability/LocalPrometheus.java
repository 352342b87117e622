package lab.backpressure.labtests.observability;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.ServiceProcess;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * Debian's Prometheus server running the repository's prometheus.yml and alerts.yml, with only
 * the scrape targets changed from the compose host names to the ports the test's services use.
 * It binds port 0, so the kernel picks a free port as it binds, and reports the port in its log.
 */
public final class LocalPrometheus implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** The target of the "prometheus" job in prometheus.yml: the server scrapes itself. */
    private static final String SELF_TARGET = "localhost:9090";
    /**
     * As docker-compose.yml runs Prometheus: keeping the exemplars (trace ids) of the scraped histograms.
     * Debian's 2.42 knows the flag; a version that did not would only log a warning.
     */
    static final String EXEMPLAR_STORAGE = "--enable-feature=exemplar-storage";
    /** prometheus.yml's scrape and evaluation interval, which a time-compressed lab divides by its speed. */
    private static final String WRITTEN_INTERVAL = "5s";
    /** Nothing listens on port 0: the self-scrape fails until the server knows its own port. */
    private static final String NO_TARGET_YET = "127.0.0.1:0";
    /** Prometheus's web server, once listening: {@code msg="Listening on" address=127.0.0.1:41234}. */
    private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\".*address=\\S+:(\\d+)");

    private final Process process;
    private final String baseUrl;

    private LocalPrometheus(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the server in {@code workDirectory}. {@code targets} maps each compose target of
     * prometheus.yml (e.g. {@code producer:8000}) to where that service runs now.
     */
    static LocalPrometheus start(Path binary, Path workDirectory, Map<String, String> targets) throws IOException {
        return start(binary, workDirectory, targets, 1);
    }

    /**
     * As {@link #start(Path, Path, Map)}, scraping (and evaluating) {@code speed} times as often as prometheus.yml
     * says, for a lab that runs time-compressed: its PromQL windows are divided by the speed, and a window must
     * still hold several scrapes.
     */
    public static LocalPrometheus start(Path workDirectory, Map<String, String> targets, int speed)
            throws IOException {
        return start(ExternalTool.require("prometheus"), workDirectory, targets, speed);
    }

    private static LocalPrometheus start(Path binary, Path workDirectory, Map<String, String> targets, int speed)
            throws IOException {
        Path config = workDirectory.resolve("prometheus.yml");
        Map<String, String> allTargets = new LinkedHashMap<>(targets);
        allTargets.put(SELF_TARGET, NO_TARGET_YET);
        String interval = Duration.parse("PT" + WRITTEN_INTERVAL).dividedBy(speed).toMillis() + "ms";
        Files.writeString(config, withTargets(allTargets, interval));
        Files.copy(AlertRules.rules(), workDirectory.resolve("alerts.yml"));

        Path log = workDirectory.resolve("prometheus.log");
        Process process = new ProcessBuilder(List.of(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDirectory.resolve("data"),
                "--web.listen-address=127.0.0.1:0",
                // for the reload below; this server is the test's own and gone when the test ends
                "--web.enable-lifecycle",
                EXEMPLAR_STORAGE))
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            int port = await("Prometheus reporting its port").atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> reportedPort(process, log), reported -> reported > 0);
            LocalPrometheus prometheus = new LocalPrometheus(process, "http://127.0.0.1:" + port);
            await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(prometheus::isReady);
            allTargets.put(SELF_TARGET, "127.0.0.1:" + port);
            Files.writeString(config, withTargets(allTargets, interval));
            LabHttp.Response reload = LabHttp.post(prometheus.baseUrl + "/-/reload", null);
            if (reload.status() != 200) {
                throw new IllegalStateException("reloading the configuration answered " + reload.status() + ": "
                        + reload.body());
            }
            return prometheus;
        } catch (RuntimeException | IOException e) {
            ServiceProcess.stop(process);
            throw new IllegalStateException("Prometheus did not start:\n" + readLog(log), e);
        }
    }

    /**
     * The repository's prometheus.yml with each target that is a key of {@code targets} replaced by its value, and
     * its scrape and evaluation interval by {@code interval}.
     */
    private static String withTargets(Map<String, String> targets, String interval) throws IOException {
        String config = Files.readString(AlertRules.config());
        for (String setting : List.of("scrape_interval", "evaluation_interval")) {
            String written = setting + ": " + WRITTEN_INTERVAL;
            if (!config.contains(written)) {
                throw new IllegalStateException("prometheus.yml has no " + written + " any more:\n" + config);
            }
            config = config.replace(written, setting + ": " + interval);
        }
        for (Map.Entry<String, String> target : targets.entrySet()) {
            String quoted = "\"" + target.getKey() + "\"";
            if (!config.contains(quoted)) {
                throw new IllegalStateException("prometheus.yml has no target " + quoted + " any more:\n" + config);
            }
            config = config.replace(quoted, "\"" + target.getValue() + "\"");
        }
        return config;
    }

    /** The port Prometheus says it listens on, or 0 while it has not said so yet. */
    private static int reportedPort(Process process, Path log) {
        Matcher listening = LISTENING.matcher(readLog(log));
        if (listening.find()) {
            return Integer.parseInt(listening.group(1));
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue());
        }
        return 0;
    }

    /** Where it answers, e.g. for {@code lab --prometheus}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Scrape health by job name, e.g. {@code producer -> up}, from /api/v1/targets. */
    Map<String, String> targetHealth() {
        Map<String, String> health = new LinkedHashMap<>();
        for (JsonNode target : LabHttp.getJson(baseUrl + "/api/v1/targets").path("data").path("activeTargets")) {
            health.put(target.path("labels").path("job").asString(), target.path("health").asString());
        }
        return health;
    }

    /** The series an instant query returns now. */
    List<JsonNode> query(String promql) {
        JsonNode response = LabHttp.getJson(
                baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(response.path("status").asString())) {
            throw new IllegalStateException(promql + " failed: " + response);
        }
        return List.copyOf(response.path("data").path("result").values());
    }

    /**
     * The exemplars Prometheus stored for the series {@code promql} selects within {@code window} up to now,
     * as Grafana asks for them: each element has {@code labels} (trace_id, span_id), {@code value} and
     * {@code timestamp}.
     */
    List<JsonNode> exemplars(String promql, Duration window) {
        Instant end = Instant.now();
        JsonNode response = LabHttp.getJson(baseUrl + "/api/v1/query_exemplars?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + end.minus(window).getEpochSecond() + "&end=" + end.getEpochSecond());
        if (!"success".equals(response.path("status").asString())) {
            throw new IllegalStateException(promql + " failed: " + response);
        }
        return response.path("data").values().stream()
                .flatMap(series -> series.path("exemplars").values().stream())
                .toList();
    }

    /** Evaluation state of each alerting rule by name, from /api/v1/rules. */
    Map<String, JsonNode> alertingRules() {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        for (JsonNode group : LabHttp.getJson(baseUrl + "/api/v1/rules?type=alert").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.put(rule.path("name").asString(), rule);
            }
        }
        return rules;
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "<no log: " + e.getMessage() + ">";
        }
    }

    private boolean isReady() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue());
        }
        try {
            return LabHttp.get(baseUrl + "/-/ready").status() == 200;
        } catch (IllegalStateException notListeningYet) {
            return false;
        }
    }

    @Override
    public void close() {
        ServiceProcess.stop(process);
    }
}
