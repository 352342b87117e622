package lab.backpressure.producer.testing;

import java.io.UnsupportedEncodingException;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer's HTTP API as the tests call it, through MockMvc. */
public final class ProducerApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvcTester mvc;

    public ProducerApi(MockMvcTester mvc) {
        this.mvc = mvc;
    }

    public MvcTestResult post(String path, String body) {
        return mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    public MvcTestResult get(String path) {
        return mvc.get().uri(path).exchange();
    }

    /** POSTs and expects 200 with a JSON answer. */
    public JsonNode postOk(String path, String body) {
        MvcTestResult result = post(path, body);
        assertThat(result).hasStatusOk();
        return json(result);
    }

    public JsonNode status() {
        return getOk("/status");
    }

    public JsonNode config() {
        return getOk("/admin/config");
    }

    public JsonNode clearQueue() {
        return postOk("/admin/clear-queue", "");
    }

    private JsonNode getOk(String path) {
        MvcTestResult result = get(path);
        assertThat(result).hasStatusOk();
        return json(result);
    }

    public static JsonNode json(MvcTestResult result) {
        return json(body(result));
    }

    public static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    public static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString();
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The accounting identities on one {@code /status} reading, exactly; and good items are a part of the sent ones. */
    public static void assertBooksBalance(JsonNode status) {
        JsonNode totals = status.required("totals");
        long size = status.required("queue").required("size").longValue();
        assertThat(totals.required("produced").longValue())
                .as("produced == enqueued + rejected in %s", status)
                .isEqualTo(totals.required("enqueued").longValue() + totals.required("rejected").longValue());
        assertThat(totals.required("enqueued").longValue())
                .as("enqueued == sent + failed + dropped + size + in_flight in %s", status)
                .isEqualTo(totals.required("sent").longValue() + totals.required("failed").longValue()
                        + totals.required("dropped").longValue() + size + totals.required("in_flight").longValue());
        assertThat(totals.required("good").longValue()).as("good <= sent in %s", status)
                .isBetween(0L, totals.required("sent").longValue());
    }
}
