package lab.backpressure.consumer;

import static lab.backpressure.consumer.ConsumerClient.WHOLE_BODY;
import static lab.backpressure.consumer.ConsumerClient.value;
import static lab.backpressure.consumer.ConsumerClient.workItem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import lab.backpressure.consumer.ConsumerClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Items with a client deadline: processed by it they are good, after it late (wasted work), and
 * {@code processed == good + late}. The consumer is slowed to 300 ms per item in one slot, so of items sent
 * together the n-th finishes about n × 300 ms after they were sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadlineApiTest {

    /** Between the second item's end (600 ms) and the third's (900 ms), 150 ms from each. */
    private static final long DEADLINE_MS = 750;

    @LocalServerPort
    private int port;

    private ConsumerClient consumer;

    @BeforeEach
    void slowedToThreeHundredMillisecondsAnItem() throws Exception {
        consumer = new ConsumerClient(port);
        consumer.reset("{}");
        consumer.post("/admin/slow-down", "{\"factor\": 3}");
    }

    @Test
    void itemsFinishedAfterTheirDeadlineAreLateTheOthersGood() throws Exception {
        JsonNode before = consumer.status();
        String scrapeBefore = consumer.scrape();
        double lateMetricBefore = value(scrapeBefore, "consumer_items_processed_late_total");
        String deadline = String.valueOf(System.currentTimeMillis() + DEADLINE_MS);

        List<Answer> answers = consumer.processTogether(4, "Item-Deadline", deadline);

        assertThat(answers).extracting(Answer::status).containsOnly(200);
        JsonNode after = consumer.status();
        assertThat(delta(before, after, "processed")).isEqualTo(4);
        assertThat(delta(before, after, "good")).as("done after about 300 and 600 ms").isEqualTo(2);
        assertThat(delta(before, after, "late")).as("done after about 900 and 1200 ms").isEqualTo(2);
        assertThat(after.get("processed").asLong())
                .isEqualTo(after.get("good").asLong() + after.get("late").asLong());
        String scrape = consumer.scrape();
        assertThat(value(scrape, "consumer_items_processed_late_total")).isEqualTo(lateMetricBefore + 2);
        // the third began at about 600 ms, before the 750 ms deadline, the fourth at about 900 ms: 300 ms each
        assertThat(lateSeconds(scrape, "while_processing") - lateSeconds(scrapeBefore, "while_processing"))
                .as("the third item's time").isBetween(0.3, 0.5);
        assertThat(lateSeconds(scrape, "before_start") - lateSeconds(scrapeBefore, "before_start"))
                .as("the fourth item's time").isBetween(0.3, 0.5);
    }

    private static double lateSeconds(String scrape, String deadlinePassed) {
        return value(scrape, "consumer_processing_late_seconds_total",
                "deadline_passed=\"%s\"".formatted(deadlinePassed));
    }

    @Test
    void withoutADeadlineNoItemIsLate() throws Exception {
        JsonNode before = consumer.status();

        List<Answer> answers = consumer.processTogether(3);

        assertThat(answers).extracting(Answer::status).containsOnly(200);
        JsonNode after = consumer.status();
        assertThat(delta(before, after, "good")).isEqualTo(3);
        assertThat(delta(before, after, "late")).isZero();
        assertThat(after.get("processed").asLong())
                .isEqualTo(after.get("good").asLong() + after.get("late").asLong());
    }

    @Test
    void aBatchJudgesEachItemByItsOwnDeadline() throws Exception {
        consumer.post("/admin/config", "{\"processing_time_ms\": 100}");
        JsonNode before = consumer.status();
        long now = System.currentTimeMillis();
        // finished after about 100, 200, 300 and 400 ms
        String batch = "[%s, %s, %s, %s]".formatted(
                workItem(1, now, "\"deadline_at\": %d".formatted(now + 50)),
                workItem(2, now, ""),
                workItem(3, now, "\"deadline_at\": %d".formatted(now + 60_000)),
                workItem(4, now, "\"deadline_at\": %d".formatted(now + 250)));

        Answer answer = consumer.post("/process/batch", batch);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("results")).allSatisfy(result ->
                assertThat(result.get("status").asString()).as("a late item is still processed").isEqualTo("processed"));
        JsonNode after = consumer.status();
        assertThat(delta(before, after, "good")).as("no deadline, and a minute").isEqualTo(2);
        assertThat(delta(before, after, "late")).as("50 and 250 ms").isEqualTo(2);
    }

    @Test
    void theHeaderOverridesTheItemsOwnDeadline() throws Exception {
        JsonNode before = consumer.status();
        long now = System.currentTimeMillis();

        Answer answer = consumer.post("/process", workItem(1, now, "\"deadline_at\": %d".formatted(now + 60_000)),
                "Item-Deadline", String.valueOf(now + 1));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(delta(before, consumer.status(), "late")).isEqualTo(1);
    }

    @Test
    void withDropExpiredTheEarlierOfTheItemsAndTheAttemptsDeadlineIsHonoured() throws Exception {
        consumer.post("/admin/config", "{\"drop_expired\": \"on\"}");
        JsonNode before = consumer.status();
        long now = System.currentTimeMillis();

        Answer attemptGone = consumer.post("/process", workItem(1, now, ""), "Item-Deadline", String.valueOf(now + 60_000),
                "Attempt-Deadline", String.valueOf(now - 1));
        Answer itemGone = consumer.post("/process", workItem(2, now, ""), "Item-Deadline", String.valueOf(now - 1),
                "Attempt-Deadline", String.valueOf(now + 60_000));
        Answer batch = consumer.post("/process/batch", "[%s, %s]".formatted(workItem(3, now, ""),
                workItem(4, now, "\"deadline_at\": %d".formatted(now + 60_000))), "Attempt-Deadline", String.valueOf(now - 1));
        Answer inTime = consumer.post("/process", workItem(5, now, ""), "Attempt-Deadline", String.valueOf(now + 60_000));

        assertThat(attemptGone.status()).isEqualTo(410);
        assertThat(attemptGone.json().get("deadline_at").asLong()).as("the attempt's").isEqualTo(now - 1);
        assertThat(itemGone.status()).isEqualTo(410);
        assertThat(batch.json().get("results")).extracting(result -> result.get("status").asString())
                .containsExactly("expired", "expired");
        assertThat(inTime.status()).isEqualTo(200);
        assertThat(delta(before, consumer.status(), "expired")).isEqualTo(4);
    }

    @Test
    void withDropExpiredAnItemPastItsDeadlineIsAnsweredGoneUnprocessed() throws Exception {
        consumer.post("/admin/config", "{\"drop_expired\": \"on\"}");
        JsonNode before = consumer.status();
        double expiredMetricBefore = value(consumer.scrape(), "consumer_items_expired_total");
        long now = System.currentTimeMillis();

        Answer single = consumer.post("/process", workItem(1, now, ""), "Item-Deadline", String.valueOf(now - 1));
        Answer batch = consumer.post("/process/batch", "[%s, %s]".formatted(
                workItem(2, now, "\"deadline_at\": %d".formatted(now - 1)),
                workItem(3, now, "\"deadline_at\": %d".formatted(now + 60_000))));

        assertThat(single.status()).isEqualTo(410);
        assertThat(single.json().get("title").asString()).isEqualTo("Expired");
        assertThat(single.json().get("id").asLong()).isEqualTo(1);
        assertThat(single.json().get("deadline_at").asLong()).isEqualTo(now - 1);
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().get("results")).extracting(result -> result.get("status").asString())
                .containsExactly("expired", "processed");
        assertThat(batch.json().get("results").get(0).get("processing_time_ms").asLong()).isZero();
        JsonNode after = consumer.status();
        assertThat(delta(before, after, "expired")).isEqualTo(2);
        assertThat(delta(before, after, "processed")).isEqualTo(1);
        assertThat(delta(before, after, "late")).isZero();
        assertThat(after.get("processed").asLong())
                .isEqualTo(after.get("good").asLong() + after.get("late").asLong());
        assertThat(value(consumer.scrape(), "consumer_items_expired_total")).isEqualTo(expiredMetricBefore + 2);
    }

    static Stream<Arguments> badDeadlines() {
        long now = System.currentTimeMillis();
        return Stream.of(
                Arguments.of("/process", workItem(1), "soon", null),
                Arguments.of("/process", workItem(1), "0", null),
                Arguments.of("/process", workItem(1), "-5", null),
                Arguments.of("/process", workItem(1), "1.5e12", null),
                Arguments.of("/process", workItem(1, now, "\"deadline_at\": \"soon\""), null, "deadline_at"),
                Arguments.of("/process", workItem(1, now, "\"deadline_at\": 0"), null, "deadline_at"),
                Arguments.of("/process/batch", "[%s, %s]".formatted(workItem(1),
                        workItem(2, now, "\"deadline_at\": -1")), null, "[1].deadline_at"),
                Arguments.of("/process/batch", "[%s]".formatted(workItem(1, now, "\"deadline_at\": 1.5")), null,
                        "[0].deadline_at"));
    }

    @ParameterizedTest(name = "{0} {1} Item-Deadline: {2}")
    @MethodSource("badDeadlines")
    void aBadDeadlineIsRefusedNamingItsHeaderOrFieldAndProcessesNothing(String path, String body, String header,
            String field) throws Exception {
        JsonNode before = consumer.status();

        Answer answer = header == null ? consumer.post(path, body) : consumer.post(path, body, "Item-Deadline", header);

        JsonNode problem = answer.problem(400, header == null ? field : WHOLE_BODY);
        if (header != null) {
            assertThat(problem.get("header").asString()).isEqualTo("Item-Deadline");
        }
        assertThat(consumer.status().get("processed")).isEqualTo(before.get("processed"));
    }

    private static long delta(JsonNode before, JsonNode after, String count) {
        return after.get(count).asLong() - before.get(count).asLong();
    }
}
