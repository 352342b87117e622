package lab.backpressure.producer.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consumer for tests: answers {@code POST /process} and {@code POST /process/batch} with settable statuses after a
 * settable delay and remembers the items it was sent, with their request headers. A batch that gets a 200 is
 * answered item by item, {@code processed} unless the item is one the test chose to fail once or to expire; a
 * batch larger than a settable limit gets a 413. Besides statuses it can end a request as a failing consumer does:
 * {@link #RESET} closes the connection without an answer, {@link #HOLD} answers nothing at all. It can also be
 * "down": nothing listens on its port before {@link #start()} and after {@link #close()}.
 */
public final class StubConsumer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int OK = 200;
    private static final int CONTENT_TOO_LARGE = 413;
    /** As a status: the connection is closed without an answer, as by the consumer's {@code failure_mode reset}. */
    public static final int RESET = -1;
    /**
     * As a status: no answer, the request held as by {@code failure_mode timeout}: until the stub closes, or until the
     * test sets other statuses, when it is answered 500, as the consumer ends its holds when its failure injection
     * changes.
     */
    public static final int HOLD = -2;

    private final int port;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<Headers> receivedHeaders = new CopyOnWriteArrayList<>();
    private final List<List<Long>> batches = new CopyOnWriteArrayList<>();
    private final Set<Long> failingOnce = ConcurrentHashMap.newKeySet();
    private final Set<Long> expiring = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Counted down when the statuses change (or the stub closes): the requests held till then are over. */
    private volatile CountDownLatch holdsEnd = new CountDownLatch(1);
    private volatile int maxBatchSize = Integer.MAX_VALUE;
    private volatile int[] statuses = {200};
    private volatile Duration delay = Duration.ZERO;
    private volatile String retryAfter;
    private HttpServer server;

    private StubConsumer(int port) {
        this.port = port;
    }

    /** A consumer answering 200 at once. */
    public static StubConsumer up() {
        StubConsumer consumer = new StubConsumer(freePort());
        consumer.start();
        return consumer;
    }

    /** A consumer whose port refuses connections until {@link #start()}. */
    public static StubConsumer down() {
        return new StubConsumer(freePort());
    }

    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + port, e);
        }
        server.createContext("/process", this::process);
        server.createContext("/process/batch", this::processBatch);
        server.start();
    }

    /** Answers the given statuses to successive requests, in turn, starting with the first. */
    public StubConsumer answering(int... statuses) {
        this.statuses = statuses.clone();
        requests.set(0);
        CountDownLatch ended = holdsEnd;
        holdsEnd = new CountDownLatch(1);
        ended.countDown();
        return this;
    }

    /** Sends {@code Retry-After} with every answer from now on; null stops it. */
    public StubConsumer retryAfter(String value) {
        this.retryAfter = value;
        return this;
    }

    /** Answers {@code failed} for these items in the next batch that holds each of them, {@code processed} after. */
    public StubConsumer failingOnce(Long... ids) {
        failingOnce.addAll(List.of(ids));
        return this;
    }

    /** Answers {@code expired} for these items in every batch that holds them, as the consumer's drop_expired does. */
    public StubConsumer expiring(Long... ids) {
        expiring.addAll(List.of(ids));
        return this;
    }

    /** Answers 413 to a batch of more items than this. */
    public StubConsumer takingBatchesUpTo(int items) {
        this.maxBatchSize = items;
        return this;
    }

    public StubConsumer taking(Duration delay) {
        this.delay = delay;
        return this;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The items received, in the order they arrived, failed attempts included. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The request headers of the items received, in the same order as {@link #received()}. */
    public List<Headers> receivedHeaders() {
        return List.copyOf(receivedHeaders);
    }

    public List<Long> receivedIds() {
        return received.stream().map(item -> item.required("id").longValue()).toList();
    }

    /** The ids in each {@code /process/batch} request, in the order the requests arrived. */
    public List<List<Long>> batches() {
        return List.copyOf(batches);
    }

    private void process(HttpExchange exchange) throws IOException {
        try {
            JsonNode item = JSON.readTree(exchange.getRequestBody().readAllBytes());
            synchronized (received) { // one request's item and headers at the same index
                received.add(item);
                receivedHeaders.add(new Headers(exchange.getRequestHeaders()));
            }
            end(exchange, answer(exchange), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        }
    }

    private void processBatch(HttpExchange exchange) throws IOException {
        try {
            JsonNode batch = JSON.readTree(exchange.getRequestBody().readAllBytes());
            List<Long> ids = new ArrayList<>();
            synchronized (received) { // each item with its request's headers, at the same index
                for (JsonNode item : batch) {
                    received.add(item);
                    receivedHeaders.add(new Headers(exchange.getRequestHeaders()));
                    ids.add(item.required("id").longValue());
                }
                batches.add(List.copyOf(ids));
            }
            if (ids.size() > maxBatchSize) {
                end(exchange, CONTENT_TOO_LARGE, null);
                return;
            }
            int status = answer(exchange);
            if (status != OK) {
                end(exchange, status, null);
                return;
            }
            ArrayNode results = JSON.createArrayNode();
            ids.forEach(id -> results.addObject().put("id", id).put("status",
                    expiring.contains(id) ? "expired" : failingOnce.remove(id) ? "failed" : "processed"));
            end(exchange, OK, JSON.writeValueAsBytes(JSON.createObjectNode().set("results", results)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        }
    }

    /**
     * Answers {@code status} with {@code body} (null: none), or ends the exchange as {@link #RESET} or {@link #HOLD}
     * have it. A held exchange is closed on a thread of its own, so that the stub goes on taking requests.
     */
    private void end(HttpExchange exchange, int status, byte[] body) throws IOException {
        switch (status) {
            // nothing has been sent, so closing the exchange closes its connection
            case RESET -> exchange.close();
            case HOLD -> {
                CountDownLatch held = holdsEnd;
                Thread.startVirtualThread(() -> {
                    try {
                        held.await();
                        if (closing.getCount() > 0) {
                            end(exchange, 500, null);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException e) {
                        // the client gave up on it first
                    } finally {
                        exchange.close();
                    }
                });
            }
            default -> {
                try (exchange) {
                    exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
                    if (body != null) {
                        exchange.getResponseBody().write(body);
                    }
                }
            }
        }
    }

    /** Waits the delay, adds {@code Retry-After} if set, and answers the status whose turn it is. */
    private int answer(HttpExchange exchange) throws InterruptedException {
        Thread.sleep(delay);
        int[] inTurn = statuses;
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        return inTurn[requests.getAndIncrement() % inTurn.length];
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
        }
        closing.countDown();
        holdsEnd.countDown();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
