package lab.backpressure.consumer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a running consumer over real HTTP, as the producer and the handout's curl commands do. */
final class ConsumerClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    ConsumerClient(int port) {
        this.base = URI.create("http://localhost:" + port);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    Answer post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** A work item as the producer sends it, created now. */
    static String workItem(long id) {
        return workItem(id, System.currentTimeMillis(), "");
    }

    static String workItem(long id, long createdAt, String extraFields) {
        String fields = "\"id\": %d, \"created_at\": %d, \"enqueued_at\": %d, \"payload\": \"xyz\""
                .formatted(id, createdAt, createdAt);
        return "{" + (extraFields.isEmpty() ? fields : fields + ", " + extraFields) + "}";
    }

    JsonNode status() throws IOException, InterruptedException {
        return get("/status").json();
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    record Answer(int status, String contentType, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }
}
