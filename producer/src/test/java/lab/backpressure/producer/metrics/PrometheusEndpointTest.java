package lab.backpressure.producer.metrics;

import lab.backpressure.producer.testing.PausedProducerTest;
import lab.backpressure.producer.testing.ProducerApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/prometheus} shows the contract's metric names, tagged application="producer". */
@PausedProducerTest
class PrometheusEndpointTest {

    private static final String APP = "application=\"producer\"";

    private ProducerApi api;

    @Autowired
    void api(MockMvcTester mvc) {
        api = new ProducerApi(mvc);
    }

    @BeforeEach
    @AfterEach
    void unboundedWithAnEmptyQueue() {
        api.postOk("/admin/config", "{\"queue_mode\": \"unbounded\"}");
        api.clearQueue();
    }

    @Test
    void everyContractMetricIsThereBeforeAnythingHappensToIt() {
        String scrape = scrape();

        assertThat(scrape).contains(
                "producer_queue_size{" + APP + "}",
                "producer_queue_capacity{" + APP + "} -1.0",
                "producer_queue_memory_bytes{" + APP + "}",
                "producer_items_produced_total{" + APP + "}",
                "producer_items_enqueued_total{" + APP + "}",
                "producer_items_rejected_total{" + APP + ",reason=\"full\"} ",
                "producer_items_rejected_total{" + APP + ",reason=\"rate_limited\"} 0.0",
                "producer_items_dropped_total{" + APP + ",reason=\"cleared\"} ",
                "producer_items_sent_total{" + APP + "} 0.0",
                "producer_items_good_total{" + APP + "} 0.0",
                "producer_good_item_latency_seconds_bucket{" + APP + ",priority=\"critical\",le=\"+Inf\"} 0",
                "producer_good_item_latency_seconds_bucket{" + APP + ",priority=\"sheddable\",le=\"+Inf\"} 0",
                "producer_items_failed_total{" + APP + "} 0.0",
                "producer_delivery_failures_total{" + APP + "} 0.0",
                "producer_delivery_throttled_total{" + APP + "} 0.0",
                "producer_delivery_limit{" + APP + "} 2.0",
                "producer_delivery_in_flight{" + APP + "} 0.0",
                "producer_delivery_rtt_seconds_bucket{" + APP + ",le=",
                "producer_delivery_rtt_min_seconds{" + APP + "}",
                "resilience4j_circuitbreaker_state{" + APP + ",name=\"consumer\",state=\"disabled\"} 1.0",
                "resilience4j_circuitbreaker_state{" + APP + ",name=\"consumer\",state=\"open\"} 0.0",
                "producer_delivery_circuit_transitions_total{" + APP + ",from=\"closed\",to=\"open\"} 0.0",
                "producer_queue_wait_seconds_bucket{" + APP + ",priority=\"critical\",le=\"+Inf\"} 0",
                "producer_queue_wait_seconds_bucket{" + APP + ",priority=\"sheddable\",le=\"+Inf\"} 0",
                "producer_batch_size_bucket{" + APP + ",le=",
                "producer_batch_target{" + APP + "} 1.0",
                "producer_rate_limit_wait_seconds_bucket{" + APP + ",le=",
                "producer_production_rate{" + APP + "} 10.0",
                "producer_in_flight{" + APP + "} 0.0",
                "producer_rate_limit{" + APP + "} -1.0",
                "producer_adaptive_rate{" + APP + "} -1.0",
                "producer_items_rejected_total{" + APP + ",reason=\"adaptive_limited\"} 0.0",
                "producer_token_bucket_tokens{" + APP + "} -1.0",
                "producer_items_rejected_total{" + APP + ",reason=\"no_tokens\"} 0.0",
                "producer_queue_mode_info{" + APP + ",mode=\"unbounded\"} 1",
                "process_resident_memory_bytes{" + APP + "} ",
                "process_resident_anonymous_memory_bytes{" + APP + "} ",
                "lab_memory_limit_bytes{" + APP + "} " + 256.0 * 1024 * 1024,
                "http_server_requests_seconds_count{" + APP);
    }

    @Test
    void theMetricsFollowTheQueueAndTheMode() {
        api.postOk("/admin/config", """
                {"queue_mode": "bounded", "max_queue_size": 3, "payload_bytes": 100}""");
        api.postOk("/produce", "{\"count\": 5}");
        JsonNode status = api.status();

        String scrape = scrape();

        assertThat(scrape).contains(
                "producer_queue_size{" + APP + "} 3.0",
                "producer_queue_capacity{" + APP + "} 3.0",
                "producer_queue_memory_bytes{" + APP + "} " + 3 * (100 + 120) + ".0",
                "producer_items_produced_total{" + APP + "} " + status.required("totals").required("produced").longValue() + ".0",
                "producer_queue_mode_info{" + APP + ",mode=\"bounded\"} 1")
                .doesNotContain("mode=\"unbounded\"");
    }

    private String scrape() {
        MvcTestResult result = api.get("/actuator/prometheus");
        assertThat(result).hasStatusOk();
        return ProducerApi.body(result);
    }
}
