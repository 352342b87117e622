package lab.backpressure.lab.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import lab.backpressure.lab.scenario.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The lab's HTTP API as a run uses it: status readings, admin requests, and Prometheus queries. */
public final class LabClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** A busy producer with a long queue still answers within this; an admin call waits for nothing else. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final LabEndpoints endpoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    public LabClient(LabEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    public LabEndpoints endpoints() {
        return endpoints;
    }

    public JsonNode status(Service service) {
        return get(service, "/status");
    }

    public JsonNode get(Service service, String path) {
        return send(service, HttpRequest.newBuilder(endpoints.of(service).resolve(path)).GET());
    }

    /** A POST as a step or a reset makes it; a non-200 or non-JSON answer is a {@link LabRefused}. */
    public JsonNode post(Service service, String path, Optional<ObjectNode> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoints.of(service).resolve(path))
                .POST(body.map(json -> HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json)))
                        .orElseGet(HttpRequest.BodyPublishers::noBody));
        body.ifPresent(json -> request.header("Content-Type", "application/json"));
        return send(service, request);
    }

    /**
     * The value of an instant PromQL query, or empty where Prometheus does not answer or the query has no series
     * (the caller falls back to {@code /status}).
     */
    public Optional<Double> prometheus(String query) {
        if (endpoints.prometheus().isEmpty()) {
            return Optional.empty();
        }
        URI uri = endpoints.prometheus().get().resolve("/api/v1/query?query="
                + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode result = JSON.readTree(response.body()).path("data").path("result");
            if (!result.isArray() || result.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(Double.parseDouble(result.get(0).path("value").get(1).asString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Whether Prometheus answers at all, so that a run says once which source it measures from. */
    public boolean prometheusAnswers() {
        return prometheus("vector(1)").isPresent();
    }

    private JsonNode send(Service service, HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(REQUEST_TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new LabRefused(request.method() + " " + request.uri(), response.statusCode(), response.body());
            }
            try {
                return JSON.readTree(response.body());
            } catch (JacksonException notJson) {
                throw LabRefused.notJson(request.method() + " " + request.uri(), response.body());
            }
        } catch (IOException e) {
            throw new LabUnreachable("the " + service.key() + " is not reachable at " + endpoints.of(service) + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "). Start the lab (docker compose up --build -d, or the two jars as the README says),"
                    + " or point lab at it with --" + service.key() + " <url>.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
