package lab.backpressure.labtests.compose;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.lifecycle.Startables;
import tools.jackson.databind.JsonNode;

import lab.backpressure.labtests.support.ConsumerStatus;
import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ProducerStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The images and the compose wiring, run for real: the consumer, the producer and Prometheus from
 * docker-compose.yml (Grafana and Jaeger only display what these produce), on one network where they
 * find each other by service name. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerisedLabTest {

    private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(60);
    /** Prometheus's first scrape of a target comes up to one scrape interval after it starts. */
    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(90);
    private static final int ITEMS_TO_SEE_DELIVERED = 20;

    private static Network network;
    private static GenericContainer<?> consumer;
    private static GenericContainer<?> producer;
    private static GenericContainer<?> prometheus;

    @BeforeAll
    static void startTheLab() {
        ComposeFile compose = ComposeFile.in(LabService.repositoryRoot());
        network = Network.newNetwork();
        consumer = ComposeServiceContainer.of(compose, "consumer", network);
        producer = ComposeServiceContainer.of(compose, "producer", network).dependsOn(consumer);
        prometheus = ComposeServiceContainer.of(compose, "prometheus", network);
        Startables.deepStart(producer, prometheus).join();
    }

    @AfterAll
    static void stopTheLab() {
        for (GenericContainer<?> container : List.of(prometheus, producer, consumer)) {
            if (container != null) {
                container.stop();
            }
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void everyServiceIsHealthyAndAnswersOnItsContractPort() {
        assertThat(List.of(consumer, producer, prometheus)).allSatisfy(container ->
                assertThat(container.isHealthy()).as(container.getDockerImageName()).isTrue());

        assertThat(LabHttp.getJson(url(producer, 8000, "/actuator/health/readiness")).path("status").asString())
                .isEqualTo("UP");
        assertThat(LabHttp.getJson(url(consumer, 8001, "/actuator/health/readiness")).path("status").asString())
                .isEqualTo("UP");
        assertThat(LabHttp.get(url(prometheus, 9090, "/-/ready")).status()).isEqualTo(200);
    }

    @Test
    void producerDeliversToTheConsumerByServiceName() {
        JsonNode before = producerStatus();
        long sentBefore = new ProducerStatus(before).sent();
        long processedBefore = consumerProcessed();

        assertThat(before.path("consumer").path("url").asString()).isEqualTo("http://consumer:8001");
        await().atMost(FLOW_TIMEOUT).untilAsserted(() -> {
            assertThat(new ProducerStatus(producerStatus()).sent())
                    .isGreaterThanOrEqualTo(sentBefore + ITEMS_TO_SEE_DELIVERED);
            assertThat(consumerProcessed()).isGreaterThanOrEqualTo(processedBefore + ITEMS_TO_SEE_DELIVERED);
        });
        assertThat(producerStatus().requiredAt("/consumer/reachable").booleanValue()).isTrue();
    }

    @Test
    void prometheusScrapesBothServicesByServiceName() {
        await().atMost(SCRAPE_TIMEOUT).untilAsserted(() -> assertThat(targetHealthByScrapeUrl())
                .containsEntry("http://producer:8000/actuator/prometheus", "up")
                .containsEntry("http://consumer:8001/actuator/prometheus", "up"));
    }

    private static JsonNode producerStatus() {
        return LabHttp.getJson(url(producer, 8000, "/status"));
    }

    private static long consumerProcessed() {
        return new ConsumerStatus(LabHttp.getJson(url(consumer, 8001, "/status"))).processed();
    }

    private static Map<String, String> targetHealthByScrapeUrl() {
        JsonNode targets = LabHttp.getJson(url(prometheus, 9090, "/api/v1/targets")).path("data").path("activeTargets");
        return targets.values().stream().collect(Collectors.toMap(
                target -> target.path("scrapeUrl").asString(),
                target -> target.path("health").asString()));
    }

    private static String url(GenericContainer<?> container, int containerPort, String path) {
        return "http://" + container.getHost() + ":" + container.getMappedPort(containerPort) + path;
    }
}
