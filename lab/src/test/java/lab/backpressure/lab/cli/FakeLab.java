package lab.backpressure.lab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A producer and a consumer in one test, answering what {@code lab} asks of the real ones ({@code /status}, the admin
 * settings with their dry run, slow-down, reset, clear-queue) over a queue simulated from the settings: items arrive at
 * {@code production_rate}, leave at the consumer's capacity, and a bounded queue refuses what does not fit. Started
 * "compressed" like the real services of a test: {@code speed} times the handout's rate and capacity.
 */
final class FakeLab implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> MODES = Set.of("unbounded", "bounded", "rate_limited");
    private static final Set<String> PRODUCER_SETTINGS = Set.of("queue_mode", "production_rate", "max_queue_size");
    private static final Set<String> CONSUMER_SETTINGS = Set.of("processing_time_ms");
    private static final double ITEM_MIB = 16 / 1024.0;
    private static final long SLICE_NANOS = 1_000_000;

    private final int speed;
    private final HttpServer producer;
    private final HttpServer consumer;

    private String mode;
    private double productionRate;
    private long maxQueueSize;
    private double processingTimeMs;
    private double slowdown;
    private long produced;
    private long enqueued;
    private long rejected;
    private long dropped;
    private long sent;
    private long size;
    private double toProduce;
    private double toSend;
    private long lastNanos = System.nanoTime();
    /** A total left out of /status, as a producer that renamed it would. */
    private String withoutTotal = "";

    FakeLab(int speed) throws IOException {
        this.speed = speed;
        startUp();
        producer = serve(Map.of("/status", exchange -> reply(exchange, producerStatus()),
                "/admin/config", exchange -> reply(exchange, configure(exchange, PRODUCER_SETTINGS)),
                "/admin/reset", exchange -> reply(exchange, reset()),
                "/admin/clear-queue", exchange -> reply(exchange, clearQueue())));
        consumer = serve(Map.of("/status", exchange -> reply(exchange, consumerStatus()),
                "/admin/config", exchange -> reply(exchange, configure(exchange, CONSUMER_SETTINGS)),
                "/admin/slow-down", exchange -> reply(exchange, slowDown(exchange)),
                "/admin/reset", exchange -> reply(exchange, reset())));
    }

    URI producer() {
        return uri(producer);
    }

    URI consumer() {
        return uri(consumer);
    }

    synchronized String mode() {
        return mode;
    }

    synchronized long queueSize() {
        advance();
        return size;
    }

    synchronized void leaveOutOfStatus(String total) {
        withoutTotal = total;
    }

    @Override
    public void close() {
        producer.stop(0);
        consumer.stop(0);
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static HttpServer serve(Map<String, Handler> routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        routes.forEach((path, handler) -> server.createContext(path, exchange -> {
            try (exchange) {
                try {
                    handler.handle(exchange);
                } catch (Refusal refusal) {
                    send(exchange, 400, refusal.problem);
                }
            }
        }));
        server.start();
        return server;
    }

    private static URI uri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private synchronized JsonNode producerStatus() {
        advance();
        ObjectNode status = JSON.createObjectNode().put("service", "producer").put("production_rate", productionRate)
                .put("producing", true);
        ObjectNode queue = status.putObject("queue").put("mode", mode).put("size", size)
                .put("memory_mb", size * ITEM_MIB);
        if (mode.equals("bounded")) {
            queue.put("max_size", maxQueueSize);
        } else {
            queue.putNull("max_size");
        }
        ObjectNode totals = status.putObject("totals").put("produced", produced).put("enqueued", enqueued)
                .put("rejected", rejected).put("dropped", dropped).put("sent", sent).put("failed", 0).put("in_flight", 0);
        totals.remove(withoutTotal);
        status.putObject("process").put("heap_used_mb", 42.5);
        return status;
    }

    private synchronized JsonNode consumerStatus() {
        advance();
        return JSON.createObjectNode().put("service", "consumer").put("processing_time_ms", processingTimeMs)
                .put("slowdown_factor", slowdown).put("capacity_per_second", capacity()).put("processed", sent);
    }

    /** Settings as the real services take them: unknown ones and bad values refused (400) naming the field. */
    private synchronized JsonNode configure(HttpExchange exchange, Set<String> known) throws IOException {
        ObjectNode settings = (ObjectNode) JSON.readTree(body(exchange));
        for (String name : settings.propertyNames()) {
            if (!known.contains(name)) {
                throw new Refusal(name, "unknown setting " + name);
            }
        }
        JsonNode queueMode = settings.get("queue_mode");
        if (queueMode != null && !MODES.contains(queueMode.asString())) {
            throw new Refusal("queue_mode", "must be one of " + MODES + ", not " + queueMode);
        }
        String query = exchange.getRequestURI().getQuery();
        if (query != null && query.contains("dry_run=true")) {
            return settings;
        }
        advance();
        mode = settings.path("queue_mode").asString(mode);
        productionRate = settings.path("production_rate").asDouble(productionRate);
        maxQueueSize = settings.path("max_queue_size").asLong(maxQueueSize);
        if (settings.has("processing_time_ms")) {
            processingTimeMs = settings.get("processing_time_ms").asDouble();
            slowdown = 1;
        }
        return settings;
    }

    private synchronized JsonNode slowDown(HttpExchange exchange) throws IOException {
        advance();
        slowdown = JSON.readTree(body(exchange)).path("factor").asDouble();
        return JSON.createObjectNode().put("slowdown_factor", slowdown);
    }

    private synchronized JsonNode reset() {
        advance();
        startUp();
        return JSON.createObjectNode().put("reset", true);
    }

    private synchronized JsonNode clearQueue() {
        advance();
        long cleared = size;
        dropped += cleared;
        size = 0;
        return JSON.createObjectNode().put("cleared", cleared);
    }

    private void startUp() {
        mode = "unbounded";
        productionRate = 10.0 * speed;
        maxQueueSize = 10_000;
        processingTimeMs = 100.0 / speed;
        slowdown = 1;
    }

    private double capacity() {
        return 1000 / (processingTimeMs * slowdown);
    }

    /**
     * Moves the simulated items along to now, a millisecond at a time so that arrivals and departures interleave as
     * they do in a real queue, one item at a time so that the books always balance.
     */
    private void advance() {
        long now = System.nanoTime();
        long slices = (now - lastNanos) / SLICE_NANOS;
        lastNanos += slices * SLICE_NANOS;
        for (long slice = 0; slice < slices; slice++) {
            toProduce += productionRate * SLICE_NANOS / 1e9;
            toSend += capacity() * SLICE_NANOS / 1e9;
            for (; toProduce >= 1; toProduce--) {
                produced++;
                if (mode.equals("bounded") && size >= maxQueueSize) {
                    rejected++;
                } else {
                    enqueued++;
                    size++;
                }
            }
            for (; toSend >= 1 && size > 0; toSend--) {
                size--;
                sent++;
            }
            toSend = Math.min(toSend, 1);
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange exchange, JsonNode body) throws IOException {
        send(exchange, 200, body);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A setting refused as the services refuse one: problem+json naming the field. */
    private static final class Refusal extends RuntimeException {

        private final ObjectNode problem;

        Refusal(String field, String detail) {
            super(detail);
            problem = JsonNodeFactory.instance.objectNode().put("status", 400).put("field", field)
                    .put("detail", detail);
        }
    }
}
