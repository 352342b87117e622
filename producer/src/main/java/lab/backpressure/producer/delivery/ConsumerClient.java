package lab.backpressure.producer.delivery;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Clock;

import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * POSTs items to the consumer's {@code /process} over one pooled, keep-alive JDK HttpClient, each with its
 * {@code Item-Priority} header. Never throws
 * for a failed delivery: every failure becomes a {@link DeliveryResult}, so no item can get stuck in flight.
 */
public final class ConsumerClient implements AutoCloseable {

    private static final String PROCESS_PATH = "/process";

    private final HttpClient httpClient;
    private final RestClient restClient;
    private final Clock clock;

    public ConsumerClient(RestClient.Builder builder, URI consumerUrl, DeliveryProperties delivery, Clock clock) {
        this.clock = clock;
        // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every new connection
        this.httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(delivery.connectTimeout())
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        requestFactory.setReadTimeout(delivery.requestTimeout());
        this.restClient = builder.baseUrl(consumerUrl.toString()).requestFactory(requestFactory).build();
    }

    public DeliveryResult send(WorkItem item, ItemPriority priority) {
        try {
            return restClient.post()
                    .uri(PROCESS_PATH)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(ItemPriority.HEADER, priority.value())
                    .body(item)
                    .exchange((request, response) -> {
                        // read to the end, so the connection goes back to the pool for the next item
                        response.getBody().transferTo(OutputStream.nullOutputStream());
                        return DeliveryResult.of(response.getStatusCode(),
                                RetryAfter.parse(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), clock));
                    });
        } catch (RestClientException | IllegalArgumentException e) {
            return e.getCause() instanceof HttpTimeoutException
                    ? new DeliveryResult.TimedOut(describe(e))
                    : new DeliveryResult.Unavailable(describe(e));
        }
    }

    /** The I/O failure under Spring's wrapper says what went wrong: ConnectException, HttpTimeoutException, ... */
    private static String describe(Exception failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        String message = cause.getMessage();
        return message == null ? cause.getClass().getName() : cause.getClass().getName() + ": " + message;
    }

    @Override
    public void close() {
        httpClient.close();
    }
}
