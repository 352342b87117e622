package lab.backpressure.consumer;

import static lab.backpressure.consumer.ConsumerClient.batch;
import static lab.backpressure.consumer.ConsumerClient.workItem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import lab.backpressure.consumer.ConsumerClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code Consumer-Credit}: the slots plus one waiting place, less those inside beyond them, on every answer to the work paths. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CreditHeaderApiTest {

    @LocalServerPort
    private int port;

    private ConsumerClient consumer;

    @BeforeEach
    void handoutDefaults() throws Exception {
        consumer = new ConsumerClient(port);
        consumer.reset("{}");
    }

    @ParameterizedTest(name = "{0} slots")
    @ValueSource(ints = {1, 4, 8})
    void anIdleConsumerGrantsEverySlotAndOneWaitingPlaceOnSingleItemsAndBatches(int concurrency) throws Exception {
        consumer.post("/admin/config", "{\"concurrency\": %d, \"processing_time_ms\": 1}".formatted(concurrency));

        Answer single = consumer.post("/process", workItem(1));
        Answer several = consumer.post("/process/batch", batch(3));

        assertThat(single.status()).isEqualTo(200);
        assertThat(single.credit()).isEqualTo(Integer.toString(concurrency + 1));
        assertThat(several.status()).isEqualTo(200);
        assertThat(several.credit()).isEqualTo(Integer.toString(concurrency + 1));
        assertThat(consumer.get("/status").credit()).as("only the work paths carry it").isNull();
    }

    @Test
    void refusalsCarryItTooAndRequestsBeyondTheGrantedPlacesShrinkIt() throws Exception {
        consumer.post("/admin/config", "{\"concurrency\": 1, \"processing_time_ms\": 1000, \"max_waiting\": 3,"
                + " \"critical_reserve\": 0}");

        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> inside = IntStream.range(0, 4)
                    .mapToObj(i -> senders.submit(() -> consumer.post("/process", workItem(i)))).toList();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
                JsonNode status = consumer.status();
                assertThat(status.get("in_flight").asInt()).isEqualTo(1);
                assertThat(status.get("waiting").asInt()).isEqualTo(3);
            });

            Answer shed = consumer.post("/process", workItem(9));
            Answer badPriority = consumer.post("/process", workItem(9), "Item-Priority", "urgent");

            assertThat(shed.status()).isEqualTo(429);
            assertThat(shed.credit()).as("4 inside, 2 beyond the slot and the waiting place: 2 - 2").isEqualTo("0");
            assertThat(badPriority.status()).isEqualTo(400);
            assertThat(badPriority.credit()).isEqualTo("0");
            consumer.post("/admin/config", "{\"processing_time_ms\": 1, \"request_overhead_ms\": 0}");
            for (Future<Answer> answer : inside) {
                assertThat(answer.get().status()).isEqualTo(200);
                assertThat(Integer.parseInt(answer.get().credit())).as("answered after giving its place back")
                        .isBetween(1, 2);
            }
        }
    }
}
