package lab.backpressure.consumer;

import static lab.backpressure.consumer.ConsumerClient.WHOLE_BODY;
import static lab.backpressure.consumer.ConsumerClient.batch;
import static lab.backpressure.consumer.ConsumerClient.value;
import static lab.backpressure.consumer.ConsumerClient.workItem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import lab.backpressure.consumer.ConsumerClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FailureInjectionApiTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    private int port;

    private ConsumerClient consumer;

    @BeforeEach
    void fastProcessingWithoutFailures() throws Exception {
        consumer = new ConsumerClient(port);
        consumer.reset("{\"processing_time_ms\": 2}");
    }

    @Test
    void rateHalfFailsExactlyEveryOtherOfAHundredItemsWithA500() throws Exception {
        JsonNode before = consumer.status();
        String scrapeBefore = consumer.scrape();
        consumer.post("/admin/config", "{\"failure_rate\": 0.5}");

        List<Answer> answers = new ArrayList<>();
        for (int id = 1; id <= 100; id++) {
            answers.add(consumer.post("/process", workItem(id)));
        }

        assertThat(IntStream.range(0, 100).filter(i -> answers.get(i).status() == 500))
                .as("the 2nd, 4th, ... 100th item").containsExactlyElementsOf(IntStream.range(0, 100)
                        .filter(i -> i % 2 == 1).boxed().toList());
        assertThat(answers).filteredOn(a -> a.status() != 500).extracting(Answer::status).containsOnly(200);
        JsonNode failure = answers.get(1).problem(500, WHOLE_BODY);
        assertThat(failure.get("failure_mode").asString()).isEqualTo("error");
        assertThat(failure.get("detail").asString()).contains("item 2 failed on purpose");
        JsonNode after = consumer.status();
        assertThat(after.get("processed").asLong() - before.get("processed").asLong()).isEqualTo(50);
        assertThat(after.get("failed").asLong() - before.get("failed").asLong()).isEqualTo(50);
        String scrape = consumer.scrape();
        assertThat(failedDelta(scrapeBefore, scrape, "error")).isEqualTo(50);
        assertThat(failedDelta(scrapeBefore, scrape, "timeout")).isZero();
        assertThat(failedDelta(scrapeBefore, scrape, "reset")).isZero();
    }

    @Test
    void aBatchAnswersEachChosenItemAsFailedAndTheRestAsProcessed() throws Exception {
        consumer.post("/admin/config", "{\"failure_rate\": 0.5, \"failure_mode\": \"timeout\"}");
        long failedBefore = consumer.status().get("failed").asLong();

        Answer answer = consumer.post("/process/batch", batch(6));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.json().get("results");
        assertThat(results.valueStream().map(r -> r.get("status").asString()))
                .containsExactly("processed", "failed", "processed", "failed", "processed", "failed");
        assertThat(results.get(1).get("failure_mode").asString()).isEqualTo("timeout");
        assertThat(results.get(1).get("processing_time_ms").asLong()).isZero();
        assertThat(results.get(0).has("failure_mode")).isFalse();
        assertThat(consumer.status().get("failed").asLong()).isEqualTo(failedBefore + 3);
    }

    @Test
    void timeoutHoldsTheRequestWithoutASlotSoOtherItemsPassMeanwhile() throws Exception {
        // every second item fails: a change of the rate would end the hold (failure injection changed)
        consumer.post("/admin/config",
                "{\"failure_rate\": 0.5, \"failure_mode\": \"timeout\", \"failure_timeout_ms\": 1500}");
        long processedBefore = consumer.status().get("processed").asLong();
        assertThat(consumer.post("/process", workItem(0)).status()).as("the first item passes").isEqualTo(200);

        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            long failedBefore = consumer.status().get("failed").asLong();
            long start = System.nanoTime();
            Future<Answer> held = senders.submit(() -> consumer.post("/process", workItem(1)));
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> consumer.status().get("failed").asLong() == failedBefore + 1);

            Answer meanwhile = consumer.post("/process", workItem(2));

            assertThat(meanwhile.status()).isEqualTo(200);
            assertThat(held).as("still held: the only slot was free for item 2").isNotDone();
            Answer timedOut = held.get();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(timedOut.problem(500, WHOLE_BODY).get("failure_mode").asString()).isEqualTo("timeout");
        }
        assertThat(consumer.status().get("processed").asLong()).isEqualTo(processedBefore + 2);
    }

    @Test
    void aChangeToTheFailureInjectionEndsTheHoldsInProgress() throws Exception {
        consumer.post("/admin/config",
                "{\"failure_rate\": 1, \"failure_mode\": \"timeout\", \"failure_timeout_ms\": 35000}");
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            long failedBefore = consumer.status().get("failed").asLong();
            Future<Answer> held = senders.submit(() -> consumer.post("/process", workItem(1)));
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> consumer.status().get("failed").asLong() == failedBefore + 1);
            long recovered = System.nanoTime();

            consumer.post("/admin/config", "{\"failure_rate\": 0}");

            Answer answered = held.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - recovered)).isLessThan(Duration.ofSeconds(5));
            assertThat(answered.problem(500, WHOLE_BODY).get("failure_mode").asString()).isEqualTo("timeout");
            assertThat(consumer.status().get("failed").asLong()).as("counted once").isEqualTo(failedBefore + 1);
        }
    }

    @Test
    void resetClosesTheConnectionWithoutAnyAnswer() throws Exception {
        consumer.post("/admin/config", "{\"failure_rate\": 1, \"failure_mode\": \"reset\"}");
        JsonNode before = consumer.status();

        byte[] received = rawPost("/process", workItem(1));

        assertThat(received).as("not even a status line").isEmpty();
        IOException javaClient = catchThrowableOfType(IOException.class,
                () -> consumer.post("/process", workItem(2)));
        assertThat(javaClient).as("the JDK's HTTP client sees the connection end").isNotNull();
        JsonNode after = consumer.status();
        assertThat(after.get("failed").asLong()).isEqualTo(before.get("failed").asLong() + 2);
        assertThat(after.get("processed").asLong()).isEqualTo(before.get("processed").asLong());
    }

    @Test
    void anUnknownFailureModeIsRefusedNamingTheKnownOnes() throws Exception {
        Answer answer = consumer.post("/admin/config", "{\"failure_mode\": \"crash\"}");

        assertThat(answer.problem(400, "failure_mode").get("detail").asString())
                .isEqualTo("failure_mode must be one of [error, timeout, reset], got 'crash'");
    }

    /**
     * POSTs over a plain socket and returns every byte the server sent before the connection ended, so a
     * reset and an EOF read the same: nothing.
     */
    private byte[] rawPost(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = """
                POST %s HTTP/1.1\r
                Host: localhost\r
                Content-Type: application/json\r
                Content-Length: %d\r
                \r
                """.formatted(path, body.length);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                return in.readAllBytes();
            } catch (SocketException reset) {
                return new byte[0];
            }
        }
    }

    private static double failedDelta(String before, String after, String mode) {
        String series = "consumer_requests_failed_total";
        String label = "mode=\"%s\"".formatted(mode);
        return value(after, series, label) - value(before, series, label);
    }
}
