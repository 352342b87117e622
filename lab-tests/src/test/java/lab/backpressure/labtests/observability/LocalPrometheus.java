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

import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.ServiceProcess;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * Debian's Prometheus server running the repository's prometheus.yml and alerts.yml, with only
 * the scrape targets changed from the compose host names to the ports the test's services use.
 */
final class LocalPrometheus implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** The target of the "prometheus" job in prometheus.yml: the server scrapes itself. */
    private static final String SELF_TARGET = "localhost:9090";
    /**
     * As docker-compose.yml runs Prometheus: keeping the exemplars (trace ids) of the scraped histograms.
     * Debian's 2.42 knows the flag; a version that did not would only log a warning.
     */
    static final String EXEMPLAR_STORAGE = "--enable-feature=exemplar-storage";

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private LocalPrometheus(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the server in {@code workDirectory}. {@code targets} maps each compose target of
     * prometheus.yml (e.g. {@code producer:8000}) to where that service runs now.
     */
    static LocalPrometheus start(Path binary, Path workDirectory, Map<String, String> targets) throws IOException {
        int port = ServiceProcess.freePort();
        Map<String, String> allTargets = new LinkedHashMap<>(targets);
        allTargets.put(SELF_TARGET, "127.0.0.1:" + port);

        String config = Files.readString(AlertRules.config());
        for (Map.Entry<String, String> target : allTargets.entrySet()) {
            String quoted = "\"" + target.getKey() + "\"";
            if (!config.contains(quoted)) {
                throw new IllegalStateException("prometheus.yml has no target " + quoted + " any more:\n" + config);
            }
            config = config.replace(quoted, "\"" + target.getValue() + "\"");
        }
        Files.writeString(workDirectory.resolve("prometheus.yml"), config);
        Files.copy(AlertRules.rules(), workDirectory.resolve("alerts.yml"));

        Path log = workDirectory.resolve("prometheus.log");
        Process process = new ProcessBuilder(List.of(binary.toString(),
                "--config.file=" + workDirectory.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + workDirectory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                EXEMPLAR_STORAGE))
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LocalPrometheus prometheus = new LocalPrometheus(process, log, "http://127.0.0.1:" + port);
        try {
            await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(prometheus::isReady);
        } catch (RuntimeException e) {
            prometheus.close();
            throw new IllegalStateException("Prometheus did not become ready:\n" + prometheus.log(), e);
        }
        return prometheus;
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

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "<no log: " + e.getMessage() + ">";
        }
    }

    private boolean isReady() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + log());
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
