package lab.backpressure.labtests.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import lab.backpressure.labtests.support.ServiceProcess;

/**
 * The consumer's own HTTP ceiling: what it processes per second when a client keeps {@code connections}
 * requests at its door all the time, with no producer in between. Each connection is a virtual thread that
 * POSTs the next item the moment the last one is answered, over loopback, with the JSON the producer sends.
 * The rate is read from the consumer's own {@code processed} counter over the window, after a ramp-up that
 * opens the connections; the client stops only after the last reading, so the window never sees it taper off.
 */
public final class CeilingClient {

    /** Far above the producer's ids, so the client's items are told apart from the producer's in the consumer's traces. */
    private static final long FIRST_ID = 1_000_000_000L;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Far above any round trip at the measured settings (16 requests × 100 ms); a slower answer is a failure. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int OK = 200;

    private final AtomicLong nextId = new AtomicLong(FIRST_ID);

    /**
     * @param processedPerSecond the ceiling: items the consumer processed per second in the window
     * @param answered           items the consumer answered 200 for, ramp-up and tail included
     * @param failures           requests that got another answer or none
     * @param firstFailure       what the first failure was, empty when there was none
     */
    public record Ceiling(double processedPerSecond, long answered, long failures, String firstFailure) {
    }

    /** Loads the consumer as it is configured now, for {@code rampUp} and then the measured {@code window}. */
    public Ceiling measure(ServiceProcess consumer, int connections, int payloadBytes, Duration rampUp, Duration window)
            throws InterruptedException {
        URI process = URI.create(consumer.baseUrl() + "/process");
        String payload = "x".repeat(payloadBytes);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>("");
        ConsumerReading start;
        ConsumerReading end;
        // HTTP/1.1: one request per connection at a time, so the connections are exactly the requests in flight
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(CONNECT_TIMEOUT).build();
             ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> connectionsDone = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    connectionsDone.add(senders.submit(() -> {
                        while (running.get()) {
                            String outcome = post(client, process, payload);
                            if (outcome.isEmpty()) {
                                answered.incrementAndGet();
                            } else {
                                failures.incrementAndGet();
                                firstFailure.compareAndSet("", outcome);
                            }
                        }
                        return null;
                    }));
                }
                Thread.sleep(rampUp);
                start = ConsumerReading.of(consumer);
                Thread.sleep(window);
                end = ConsumerReading.of(consumer);
            } finally {
                // closing the executor and the client waits for the requests in progress, so they must be the last
                running.set(false);
            }
            for (Future<?> done : connectionsDone) {
                done.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load connection failed unexpectedly", e.getCause());
        }
        return new Ceiling(end.processedPerSecondSince(start), answered.get(), failures.get(), firstFailure.get());
    }

    /** One item, as the producer sends it; answers empty when the consumer processed it, else what went wrong. */
    private String post(HttpClient client, URI process, String payload) throws InterruptedException {
        long now = System.currentTimeMillis();
        String item = "{\"id\":%d,\"created_at\":%d,\"enqueued_at\":%d,\"payload\":\"%s\"}"
                .formatted(nextId.getAndIncrement(), now, now, payload);
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(process).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(item)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == OK ? "" : "answered " + response.statusCode() + ": " + response.body();
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }
}
