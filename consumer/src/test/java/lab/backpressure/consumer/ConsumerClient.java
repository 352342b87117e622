package lab.backpressure.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a running consumer over real HTTP, as the producer and the handout's curl commands do. */
final class ConsumerClient {

    /** The {@code field} of a problem of the whole body: it has none. */
    static final String WHOLE_BODY = null;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every admin field at its default, so a test starts from the handout's consumer whatever ran before. */
    private static final String HANDOUT_DEFAULTS = """
            {"processing_time_ms": 100, "variable_processing": false, "processing_min_ms": 50,
             "processing_max_ms": 500, "concurrency": 1, "request_overhead_ms": 0,
             "max_waiting": -1, "critical_reserve": 2, "drop_expired": "off", "reject_cost_ms": 0,
             "failure_rate": 0, "failure_mode": "error", "failure_timeout_ms": 35000,
             "max_poll_records": 10, "kafka_paused": false}""";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    ConsumerClient(int port) {
        this.base = URI.create("http://localhost:" + port);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    /** POSTs a JSON body, with more headers as name, value, name, value ... */
    Answer post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** Sends the body without a Content-Length (chunked), as a client streaming a body of unknown size does. */
    Answer postChunked(String path, String body) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build());
    }

    /** Puts every admin field back to its default, then applies {@code config} (a JSON object, may be empty). */
    void reset(String config) throws IOException, InterruptedException {
        assertThat(post("/admin/config", HANDOUT_DEFAULTS).status()).isEqualTo(200);
        assertThat(post("/admin/config", config).status()).isEqualTo(200);
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

    /** A batch body of the items with ids 1 to {@code size}, created now. */
    static String batch(int size) {
        return LongStream.rangeClosed(1, size).mapToObj(ConsumerClient::workItem)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * POSTs {@code count} work items (ids 0 to count - 1) to {@code /process} at once, each with these headers
     * (name, value, ...); answers in the order of the ids.
     */
    List<Answer> processTogether(int count, String... headers) throws InterruptedException, ExecutionException {
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<Answer>> sends = IntStream.range(0, count)
                    .<Callable<Answer>>mapToObj(i -> () -> post("/process", workItem(i), headers))
                    .toList();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> answer : senders.invokeAll(sends)) {
                answers.add(answer.get());
            }
            return answers;
        }
    }

    JsonNode status() throws IOException, InterruptedException {
        return get("/status").json();
    }

    /** The Prometheus scrape. */
    String scrape() throws IOException, InterruptedException {
        Answer answer = get("/actuator/prometheus");
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    /** The value of the first sample of {@code name} that carries all {@code labels}, e.g. {@code mode="error"}. */
    static double value(String scrape, String name, String... labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(scrape);
        while (sample.find()) {
            if (List.of(sample.group(1).split(",")).containsAll(List.of(labels))) {
                return Double.parseDouble(sample.group(2));
            }
        }
        throw new AssertionError("no sample of %s with %s in the scrape".formatted(name, List.of(labels)));
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Retry-After").orElse(null),
                response.headers().firstValue("Consumer-Credit").orElse(null), response.body());
    }

    /** @param credit the {@code Consumer-Credit} header, or null */
    record Answer(int status, String contentType, String retryAfter, String credit, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        /**
         * Asserts an RFC 9457 problem with this status that names {@code field}, or no field at all when it is
         * {@link #WHOLE_BODY}, and returns it.
         */
        JsonNode problem(int expectedStatus, String field) {
            assertThat(status).isEqualTo(expectedStatus);
            assertThat(contentType).startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.get("status").asInt()).isEqualTo(expectedStatus);
            assertThat(problem.get("detail").asString()).isNotBlank();
            if (field == WHOLE_BODY) {
                assertThat(problem.has("field")).as("a problem of the whole body names no field").isFalse();
            } else {
                assertThat(problem.get("field").asString()).isEqualTo(field);
            }
            return problem;
        }
    }
}
