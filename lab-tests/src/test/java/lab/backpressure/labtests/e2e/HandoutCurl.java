package lab.backpressure.labtests.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import lab.backpressure.labtests.support.LabHttp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handout's curl commands, sent byte for byte as curl sends them: {@code -d} bodies with
 * {@code Content-Type: application/json}, and {@code curl -X POST} without {@code -d} as a POST
 * with no body and no content type. Every command must answer 200 with JSON, as piping it to jq assumes.
 */
final class HandoutCurl {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private HandoutCurl() {
    }

    /** {@code curl -s -X POST url -H "Content-Type: application/json" -d body}. */
    static JsonNode post(String url, String body) {
        return json(url, LabHttp.post(url, body));
    }

    /**
     * The handout's {@code curl -s -X POST .../admin/config -H "Content-Type: application/json" -d body}.
     * The answer is the whole new config, so every field the body sets must come back with the value it
     * was set to (numbers compared as numbers: a rate set as 10 reads 10.0).
     */
    static JsonNode config(String url, String body) {
        JsonNode config = post(url, body);
        for (Map.Entry<String, JsonNode> field : JSON.readTree(body).properties()) {
            JsonNode set = field.getValue();
            JsonNode answered = config.path(field.getKey());
            assertThat(set.isNumber() && answered.isNumber() ? set.doubleValue() == answered.doubleValue() : set.equals(answered))
                    .as("%s set to %s by %s answered %s", field.getKey(), set, url, config)
                    .isTrue();
        }
        return config;
    }

    /** {@code curl -s -X POST url}: no body, no content type. */
    static JsonNode post(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return json(url, new LabHttp.Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code curl -s url}. */
    static JsonNode get(String url) {
        return json(url, LabHttp.get(url));
    }

    private static JsonNode json(String url, LabHttp.Response response) {
        assertThat(response.status()).as("%s answered %s", url, response.body()).isEqualTo(200);
        assertThat(response.contentType()).as("content type of %s", url).startsWith("application/json");
        return response.json();
    }
}
