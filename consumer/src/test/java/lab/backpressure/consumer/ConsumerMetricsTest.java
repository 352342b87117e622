package lab.backpressure.consumer;

import static lab.backpressure.consumer.ConsumerClient.workItem;
import static lab.backpressure.consumer.ConsumerClient.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsumerMetricsTest {

    private static final List<String> CONTRACT_SERIES = List.of(
            "consumer_items_processed_total",
            "consumer_items_processed_late_total",
            "consumer_processing_seconds_bucket",
            "consumer_processing_seconds_count",
            "consumer_end_to_end_latency_seconds_bucket",
            "consumer_end_to_end_latency_seconds_count",
            "consumer_in_flight",
            "consumer_slowdown_factor",
            "consumer_processing_time_seconds",
            "consumer_batch_size_bucket",
            "consumer_batch_size_count",
            "consumer_requests_failed_total",
            "consumer_requests_shed_total",
            "process_resident_memory_bytes", "process_resident_anonymous_memory_bytes");

    private static final long FIVE_SECONDS_MS = 5_000;

    @LocalServerPort
    private int port;

    private ConsumerClient consumer;

    @BeforeEach
    void fastProcessing() throws Exception {
        consumer = new ConsumerClient(port);
        consumer.reset("{\"processing_time_ms\": 20}");
    }

    @Test
    void prometheusShowsTheContractMetricsTaggedWithTheApplication() throws Exception {
        consumer.post("/process", workItem(1));

        String scrape = consumer.scrape();

        for (String series : CONTRACT_SERIES) {
            assertThat(scrape).containsPattern("(?m)^" + series + "\\{[^}]*application=\"consumer\"");
        }
    }

    @Test
    void everyFailureModeAndPriorityHasItsSeriesFromTheStart() throws Exception {
        String scrape = consumer.scrape();

        for (String mode : List.of("error", "timeout", "reset")) {
            assertThat(value(scrape, "consumer_requests_failed_total", "mode=\"%s\"".formatted(mode)))
                    .isGreaterThanOrEqualTo(0);
        }
        for (String passed : List.of("before_start", "while_processing")) {
            assertThat(value(scrape, "consumer_processing_late_seconds_total", "deadline_passed=\"%s\"".formatted(passed)))
                    .isGreaterThanOrEqualTo(0);
        }
        for (String priority : List.of("critical", "sheddable")) {
            String label = "priority=\"%s\"".formatted(priority);
            assertThat(value(scrape, "consumer_requests_shed_total", label)).isGreaterThanOrEqualTo(0);
            assertThat(value(scrape, "consumer_end_to_end_latency_seconds_count", label)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void metricsCarryTheLabsNumbers() throws Exception {
        consumer.post("/admin/slow-down", "{\"factor\": 4}");
        double processedBefore = value(consumer.scrape(), "consumer_items_processed_total");

        consumer.post("/process", workItem(7, System.currentTimeMillis() - FIVE_SECONDS_MS, ""));

        String scrape = consumer.scrape();
        assertThat(value(scrape, "consumer_items_processed_total")).isEqualTo(processedBefore + 1);
        assertThat(value(scrape, "consumer_slowdown_factor")).isEqualTo(4.0);
        assertThat(value(scrape, "consumer_processing_time_seconds")).isEqualTo(0.08);
        assertThat(value(scrape, "consumer_processing_seconds_max")).isGreaterThanOrEqualTo(0.08);
        assertThat(value(scrape, "consumer_end_to_end_latency_seconds_max", "priority=\"sheddable\""))
                .as("an item without Item-Priority is sheddable").isGreaterThanOrEqualTo(5.0);
        assertThat(value(scrape, "consumer_in_flight")).isZero();
    }
}
