package lab.backpressure.labtests.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import lab.backpressure.labtests.support.LabHttp;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handout's curl commands, sent byte for byte as curl sends them: {@code -d} bodies with
 * {@code Content-Type: application/json}, and {@code curl -X POST} without {@code -d} as a POST
 * with no body and no content type. Every command must answer 200 with JSON, as piping it to jq assumes.
 */
final class HandoutCurl {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private HandoutCurl() {
    }

    /** {@code curl -s -X POST url -H "Content-Type: application/json" -d body}. */
    static JsonNode post(String url, String body) {
        return json(url, LabHttp.post(url, body));
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
