package lab.backpressure.producer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consumer for tests: answers {@code POST /process} with settable statuses after a settable delay and
 * remembers the items it was sent, with their request headers. It can also be "down": nothing listens on its
 * port then.
 */
public final class StubConsumer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<Headers> receivedHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
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
        server.start();
    }

    /** Answers the given statuses to successive requests, in turn, starting with the first. */
    public StubConsumer answering(int... statuses) {
        this.statuses = statuses.clone();
        requests.set(0);
        return this;
    }

    /** Sends {@code Retry-After} with every answer from now on; null stops it. */
    public StubConsumer retryAfter(String value) {
        this.retryAfter = value;
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

    private void process(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            JsonNode item = JSON.readTree(body.readAllBytes());
            synchronized (received) { // one request's item and headers at the same index
                received.add(item);
                receivedHeaders.add(new Headers(exchange.getRequestHeaders()));
            }
            Thread.sleep(delay);
            int[] inTurn = statuses;
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(inTurn[requests.getAndIncrement() % inTurn.length], -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
