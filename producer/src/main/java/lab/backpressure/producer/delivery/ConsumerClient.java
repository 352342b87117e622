package lab.backpressure.producer.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import lab.backpressure.producer.delivery.limit.CreditLimitAlgorithm;
import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs items to the consumer over one pooled, keep-alive JDK HttpClient, with the batch's {@code Item-Priority}
 * header: one item to {@code /process}, as the handout does (its client deadline, if any, in the {@code Item-Deadline}
 * header, so the item's JSON stays the contract's), several as a JSON array to {@code /process/batch},
 * whose answer says for each item whether it was processed. A 410 to one item, or {@code expired} for an item
 * of a batch, is the consumer's {@code drop_expired}: {@link DeliveryResult.Expired}. Never throws for a failed
 * delivery: every failure becomes a {@link DeliveryResult}, so no item can get stuck in flight.
 */
final class ConsumerClient implements ItemSender, AutoCloseable {

    /** Its value of {@code transport}. */
    static final String NAME = "http";

    private static final String PROCESS_PATH = "/process";
    private static final String BATCH_PATH = "/process/batch";
    /** The consumer's status of an item it processed, in {@code {"results":[{"id":1,"status":"processed"}, ...]}}. */
    private static final String PROCESSED = "processed";
    /** The consumer's status of an item it did not process because its deadline had passed (drop_expired). */
    private static final String EXPIRED = "expired";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** An item's client deadline, epoch millis, on {@code /process}; absent when it has none. */
    private static final String DEADLINE_HEADER = "Item-Deadline";
    /** When this attempt's caller stops waiting, epoch millis: sent now plus {@code attempt_timeout_ms}. */
    static final String ATTEMPT_DEADLINE_HEADER = "Attempt-Deadline";

    /**
     * Why an item answered expired is retried: its own deadline is still ahead, so it was the attempt's that passed
     * at the consumer. This producer gave up on that attempt at the same moment, so this rarely arrives in time.
     */
    private static final String ATTEMPT_GONE = "the consumer found the attempt's deadline passed (410)";

    private final HttpClient httpClient;
    private final RestClient.Builder builder;
    private final Supplier<Duration> attemptTimeout;
    private final Clock clock;
    private final IntConsumer creditGranted;
    /** The client for the current attempt timeout, rebuilt when it changes (a request factory has one read timeout). */
    private volatile TimedClient timed;

    private record TimedClient(Duration timeout, RestClient client) {
    }

    /**
     * @param attemptTimeout the current {@code attempt_timeout_ms}, read for every attempt
     * @param creditGranted  told the credit of every answer that carries one ({@value CreditLimitAlgorithm#HEADER})
     */
    public ConsumerClient(RestClient.Builder builder, URI consumerUrl, DeliveryProperties delivery,
                          Supplier<Duration> attemptTimeout, Clock clock, IntConsumer creditGranted) {
        this.attemptTimeout = attemptTimeout;
        this.clock = clock;
        this.creditGranted = creditGranted;
        // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every new connection
        this.httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(delivery.connectTimeout())
                .build();
        this.builder = builder.baseUrl(consumerUrl.toString());
    }

    @Override
    public String name() {
        return NAME;
    }

    private RestClient clientTimingOutAfter(Duration timeout) {
        TimedClient current = timed;
        if (current == null || !current.timeout().equals(timeout)) {
            JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
            requestFactory.setReadTimeout(timeout);
            current = new TimedClient(timeout, builder.clone().requestFactory(requestFactory).build());
            timed = current;
        }
        return current.client();
    }

    /** Sends {@code items}, at least one, in one request, with the attempt's deadline. */
    @Override
    public DeliveryResult send(List<WorkItem> items, ItemPriority priority) {
        boolean single = items.size() == 1;
        Duration timeout = attemptTimeout.get();
        try {
            return clientTimingOutAfter(timeout).post()
                    .uri(single ? PROCESS_PATH : BATCH_PATH)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(ItemPriority.HEADER, priority.value())
                    .header(ATTEMPT_DEADLINE_HEADER, Long.toString(clock.millis() + timeout.toMillis()))
                    .headers(headers -> {
                        if (single && items.getFirst().hasDeadline()) {
                            headers.set(DEADLINE_HEADER, Long.toString(items.getFirst().deadlineAt()));
                        }
                    })
                    .body(single ? items.getFirst() : items.stream().map(BatchEntry::new).toList())
                    .exchange((request, response) -> {
                        // read to the end, so the connection goes back to the pool for the next request
                        byte[] body = response.getBody().readAllBytes();
                        CreditLimitAlgorithm.parse(response.getHeaders().getFirst(CreditLimitAlgorithm.HEADER))
                                .ifPresent(creditGranted);
                        DeliveryResult result = DeliveryResult.of(response.getStatusCode(),
                                RetryAfter.parse(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), clock));
                        if (single && response.getStatusCode().isSameCodeAs(HttpStatus.GONE)) {
                            return pastItsDeadline(items.getFirst())
                                    ? new DeliveryResult.Expired(Set.of(items.getFirst().id()), Set.of(),
                                    "the consumer answered item %d expired (410)".formatted(items.getFirst().id()))
                                    : new DeliveryResult.TimedOut(ATTEMPT_GONE);
                        }
                        boolean answeredItemByItem = !single && result instanceof DeliveryResult.Delivered;
                        return answeredItemByItem ? itemByItem(items, body) : result;
                    });
        } catch (RestClientException | IllegalArgumentException e) {
            return e.getCause() instanceof HttpTimeoutException
                    ? new DeliveryResult.TimedOut(describe(e))
                    : new DeliveryResult.Unavailable(describe(e));
        }
    }

    /**
     * One item of a {@code /process/batch} body: its JSON as {@code /process} gets it, plus {@code deadline_at} when
     * it has a deadline. A batch's items each have their own, so a header (as on {@code /process}) cannot carry it.
     */
    private record BatchEntry(@JsonUnwrapped WorkItem item) {

        @JsonProperty("deadline_at")
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        long deadlineAt() {
            return item.deadlineAt();
        }
    }

    /**
     * A batch's 2xx answer, item by item: an item counts as delivered only when its result says processed, and as
     * expired only when it says expired, so an item the answer leaves out is sent again rather than lost. An answer
     * that cannot be read sends them all again.
     */
    private DeliveryResult itemByItem(List<WorkItem> sent, byte[] answer) {
        Set<Long> processed = new HashSet<>();
        Set<Long> expired = new HashSet<>();
        try {
            for (JsonNode result : JSON.readTree(answer).path("results")) {
                JsonNode id = result.path("id");
                String status = result.path("status").asString("");
                if (id.isIntegralNumber() && PROCESSED.equals(status)) {
                    processed.add(id.longValue());
                } else if (id.isIntegralNumber() && EXPIRED.equals(status)) {
                    expired.add(id.longValue());
                }
            }
            // expired only for the attempt's deadline: sent again, as a failed item is
            for (WorkItem item : sent) {
                if (!pastItsDeadline(item)) {
                    expired.remove(item.id());
                }
            }
        } catch (JacksonException unreadable) {
            return new DeliveryResult.Unavailable("unreadable answer to a batch: " + unreadable.getOriginalMessage());
        }
        Set<Long> failed = sent.stream().map(WorkItem::id)
                .filter(id -> !processed.contains(id) && !expired.contains(id))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!expired.isEmpty()) {
            return new DeliveryResult.Expired(expired, failed, "%d of the %d items of a batch expired at the consumer"
                    .formatted(expired.size(), sent.size()));
        }
        return failed.isEmpty()
                ? DeliveryResult.Delivered.INSTANCE
                : new DeliveryResult.PartlyDelivered(failed, "%d of the %d items of a batch failed at the consumer"
                        .formatted(failed.size(), sent.size()));
    }

    /** Whether the item's own deadline has passed, so that the consumer's expired is the item's and not the attempt's. */
    private boolean pastItsDeadline(WorkItem item) {
        return item.hasDeadline() && !item.inTimeAt(clock.millis());
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
