package lab.backpressure.labtests.observability;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import lab.backpressure.labtests.exercises.ExerciseFiles;
import lab.backpressure.labtests.support.Lab;
import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard tells the truth: every query in it returns data from a real Prometheus
 * (Debian's, with the repository's prometheus.yml and alerts.yml, storing exemplars as in Docker)
 * scraping the real services (with the OpenTelemetry agent, as in Docker) while they go through the
 * handout's exercises, the latency panels' exemplar dots exist, and it only uses provisioned data sources. The
 * Kafka row's queries, and the metrics of alerts on the Kafka lane, have no series without a broker:
 * KafkaWalkthroughTest checks them on its ({@link KafkaLaneObservability}).
 */
class DashboardTruthTest {

    /** The series behind the latency panels, whose observations carry the measured item's trace. */
    private static final Set<String> LATENCY_HISTOGRAMS = Set.of("producer_queue_wait_seconds_bucket",
            "consumer_processing_seconds_bucket", "consumer_end_to_end_latency_seconds_bucket");
    /** The exemplar label the services' Prometheus client writes the trace id under. */
    private static final String TRACE_ID_LABEL = "trace_id";

    private final Dashboard dashboard = Dashboard.backpressureLab();

    @Test
    void isTheDashboardTheHandoutNames() {
        assertThat(dashboard.title()).isEqualTo("Backpressure Lab");
        assertThat(dashboard.uid()).isEqualTo("backpressure-lab");
        assertThat(dashboard.json().path("refresh").asString()).isEqualTo("5s");
    }

    @Test
    void everyPanelIsFedByQueries() {
        assertThat(dashboard.panels())
                .isNotEmpty()
                .allSatisfy(panel -> assertThat(panel.path("targets").values())
                        .as(panel.path("title").asString())
                        .isNotEmpty()
                        .allSatisfy(target -> assertThat(target.path("expr").asString()).isNotBlank()));
    }

    @Test
    void usesOnlyProvisionedDataSources() {
        Map<String, String> typeByUid = Dashboard.provisionedDataSourceTypesByUid();

        assertThat(dashboard.dataSourceRefs())
                .isNotEmpty()
                .allSatisfy(ref -> {
                    assertThat(typeByUid).as("provisioned data source uids").containsKey(ref.uid());
                    if (ref.type() != null) {
                        assertThat(typeByUid.get(ref.uid())).as("type of " + ref.uid()).isEqualTo(ref.type());
                    }
                });
        assertThat(dashboard.dataSourceRefs()).extracting(Dashboard.DataSourceRef::uid).contains("jaeger");
    }

    /**
     * The HTTP lane has no Kafka series: the Kafka row holds every query that reads one and only such queries, so
     * that the running lab below checks every other row and KafkaWalkthroughTest this one on its broker.
     */
    @Test
    void theKafkaRowAloneReadsTheKafkaLane() {
        List<Dashboard.Query> queries = dashboard.queries();

        assertThat(queries).filteredOn(query -> query.row().equals(KafkaLaneObservability.ROW))
                .as("the Kafka row's queries").isNotEmpty()
                .allSatisfy(query -> assertThat(PromQl.metricNames(query.expr())).as(query.toString())
                        .allMatch(KafkaLaneObservability::isKafkaMetric));
        assertThat(queries).filteredOn(KafkaLaneObservability::readsTheKafkaLane)
                .as("queries of the Kafka lane's metrics").extracting(Dashboard.Query::row)
                .containsOnly(KafkaLaneObservability.ROW);
        assertThat(KafkaLaneObservability.alertMetrics()).as("the Kafka lane's metrics an alert selects")
                .contains("consumer_kafka_lag_records");
    }

    @Test
    void theLatencyPanelsDrawTheExemplarsOfTheirHistograms() {
        List<Dashboard.Query> exemplarQueries = exemplarQueries();

        assertThat(exemplarQueries).extracting(Dashboard.Query::panel)
                .as("one exemplar query per panel: its quantiles share the buckets, more would draw each dot again")
                .doesNotHaveDuplicates();
        assertThat(exemplarQueries).flatExtracting(query -> PromQl.metricNames(query.expr()))
                .containsExactlyInAnyOrderElementsOf(LATENCY_HISTOGRAMS);
    }

    @Test
    void anExemplarOpensItsTraceInJaeger() {
        Map<String, String> typeByUid = Dashboard.provisionedDataSourceTypesByUid();
        JsonNode prometheus = Dashboard.provisionedDataSources().stream()
                .filter(source -> source.path("type").asString().equals("prometheus"))
                .findFirst().orElseThrow();

        assertThat(prometheus.path("jsonData").path("exemplarTraceIdDestinations").values())
                .singleElement()
                .satisfies(destination -> {
                    assertThat(destination.path("name").asString()).isEqualTo(TRACE_ID_LABEL);
                    assertThat(typeByUid.get(destination.path("datasourceUid").asString())).isEqualTo("jaeger");
                });
    }

    private List<Dashboard.Query> exemplarQueries() {
        return dashboard.queries().stream().filter(Dashboard.Query::exemplar).toList();
    }

    /**
     * Runs Exercise 5 (rate_limited), then Exercises 2 and 4 (slowed consumer, bounded queue of
     * 50 against 50 items/s) with a clear-queue and a burst, so that every panel has something
     * to show: rate-limit waits, rejections, drops, queue waits, exemplars and firing alerts.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AgainstTheRunningLab {

        /** The whole scenario, services' start-up included, stays within this when all goes well. */
        private static final Duration BUDGET = Duration.ofSeconds(150);
        /** What a check still gets once the budget is spent, so that it fails with its own message. */
        private static final Duration LAST_LOOK = Duration.ofSeconds(5);
        private static final Duration POLL = Duration.ofSeconds(1);
        private static final int PRODUCTION_RATE = 50;
        private static final int RATE_LIMIT = 10;
        private static final int SLOW_DOWN_FACTOR = 5;
        private static final int MAX_QUEUE_SIZE = 50;
        private static final int BURST = 100;
        /** Everything the scenario produced: it runs within the budget. */
        private static final Duration EXEMPLAR_WINDOW = BUDGET;
        private static final String TRACE_ID = "[0-9a-f]{32}";

        private Instant deadline;
        private Lab lab;
        private ServiceProcess consumer;
        private ServiceProcess producer;
        private LocalPrometheus prometheus;

        @BeforeAll
        void startTheLabUnderPrometheus(@TempDir Path work) throws IOException {
            Path binary = ExternalTool.require("prometheus");
            lab = Lab.start(withTheAgent(LabService.CONSUMER), withTheAgent(LabService.PRODUCER)
                    .property("lab.producer.production-rate", PRODUCTION_RATE)
                    .property("lab.producer.queue-mode", "rate_limited")
                    .property("lab.producer.modes.rate-limited.rate-limit", RATE_LIMIT));
            consumer = lab.consumer();
            producer = lab.producer();
            // The budget is for what Prometheus sees, not for starting the jars, which a busy machine slows most.
            deadline = Instant.now().plus(BUDGET);
            prometheus = LocalPrometheus.start(binary, work, Map.of(
                    "producer:8000", "127.0.0.1:" + producer.port(),
                    "consumer:8001", "127.0.0.1:" + consumer.port()));

            await("every scrape target up").atMost(remaining()).pollInterval(POLL)
                    .untilAsserted(() -> assertThat(prometheus.targetHealth())
                            .containsOnlyKeys("producer", "consumer", "prometheus")
                            .allSatisfy((job, health) -> assertThat(health).as(job).isEqualTo("up")));

            // Exercise 5 first: the producer waits for permits, and Prometheus must see it do so.
            await("rate-limit waits scraped").atMost(remaining()).pollInterval(POLL)
                    .until(() -> !prometheus.query("sum(producer_rate_limit_wait_seconds_count) > 0").isEmpty());

            // Exercises 2 and 4: a slow consumer behind a bounded queue that fills and rejects.
            LabHttp.postJson(consumer.baseUrl() + "/admin/slow-down", "{\"factor\": " + SLOW_DOWN_FACTOR + "}");
            LabHttp.postJson(producer.baseUrl() + "/admin/config",
                    "{\"queue_mode\": \"bounded\", \"max_queue_size\": " + MAX_QUEUE_SIZE + "}");
            await("bounded queue nearly full").atMost(remaining()).pollInterval(Duration.ofMillis(200))
                    .until(() -> queueSize() >= MAX_QUEUE_SIZE / 2);
            assertThat(LabHttp.postJson(producer.baseUrl() + "/admin/clear-queue", null).required("cleared").longValue())
                    .as("items dropped by clear-queue").isPositive();
            assertThat(LabHttp.postJson(producer.baseUrl() + "/produce", "{\"count\": " + BURST + "}")
                    .required("rejected").longValue())
                    .as("items of the burst the bounded queue rejected").isPositive();
        }

        @AfterAll
        void stopEverything() {
            if (prometheus != null) {
                prometheus.close();
            }
            if (lab != null) {
                lab.close();
            }
        }

        @Test
        void everyDashboardQueryReturnsAtLeastOneSeries() {
            List<Dashboard.Query> queries = dashboard.queries().stream()
                    .filter(query -> !query.row().equals(KafkaLaneObservability.ROW)).toList();
            assertThat(queries).hasSizeGreaterThan(20);

            await("every dashboard query has data").atMost(remaining()).pollInterval(POLL)
                    .untilAsserted(() -> assertThat(queriesWithoutData(queries))
                            .as("dashboard queries that return no series (services' logs: %s, %s)",
                                    producer.logFile(), consumer.logFile())
                            .isEmpty());
        }

        @Test
        void prometheusKeepsTheLatencyPanelsExemplarsWithTheirTraceIds() {
            List<Dashboard.Query> queries = exemplarQueries();
            assertThat(queries).isNotEmpty();

            await("exemplars stored for every latency panel").atMost(remaining()).pollInterval(POLL)
                    .untilAsserted(() -> assertThat(queries).allSatisfy(query ->
                            assertThat(prometheus.exemplars(PromQl.withGrafanaVariables(query.expr()), EXEMPLAR_WINDOW))
                                    .as("exemplars of %s", query)
                                    .isNotEmpty()
                                    .allSatisfy(exemplar -> assertThat(exemplar.path("labels").path(TRACE_ID_LABEL)
                                            .asString()).matches(TRACE_ID))));
        }

        @Test
        void theAlertsOfTheBoundedQueueExerciseFire() {
            await("ItemsRejected and QueueNearCapacity firing").atMost(remaining()).pollInterval(POLL)
                    .untilAsserted(() -> assertThat(firingAlerts())
                            .contains("ItemsRejected", "QueueNearCapacity"));
        }

        @Test
        void theQueueModePanelShowsOnlyTheActiveMode() {
            await("bounded as the only active mode").atMost(remaining()).pollInterval(POLL)
                    .untilAsserted(() -> assertThat(prometheus.query("producer_queue_mode_info == 1"))
                            .extracting(series -> series.path("metric").path("mode").asString())
                            .containsExactly("bounded"));
        }

        @Test
        void prometheusEvaluatesEveryAlertRuleWithoutError() {
            Set<String> alerts = AlertRules.alertExpressions().keySet();

            await("every alert rule evaluated").atMost(remaining()).pollInterval(POLL)
                    .untilAsserted(() -> assertThat(prometheus.alertingRules())
                            .containsOnlyKeys(alerts)
                            .allSatisfy((name, rule) -> assertThat(rule.path("health").asString())
                                    .as(name + ": " + rule.path("lastError").asString())
                                    .isEqualTo("ok")));
        }

        @Test
        void everyMetricTheAlertRulesSelectIsScraped() {
            Set<String> metrics = new TreeSet<>();
            AlertRules.alertExpressions().values().forEach(expr -> metrics.addAll(PromQl.metricNames(expr)));
            // the Kafka lane's, which this lab does not run, KafkaWalkthroughTest checks on its broker
            metrics.removeIf(KafkaLaneObservability::isKafkaMetric);
            assertThat(metrics).contains("producer_queue_size", "consumer_items_processed_total", "up");

            await("every alerting metric scraped").atMost(remaining()).pollInterval(POLL)
                    .untilAsserted(() -> assertThat(metrics)
                            .filteredOn(metric -> prometheus.query(metric).isEmpty())
                            .as("metrics the alert rules use that Prometheus does not have")
                            .isEmpty());
        }

        /**
         * The exercises' PromQL expectations are what {@code lab run} measures where Prometheus runs (in compose),
         * and no test lab runs one: so each must at least be valid PromQL over metrics the services really export.
         */
        @Test
        void everyExercisesPromqlExpectationIsValidOverScrapedMetrics() {
            List<String> queries = ExerciseFiles.all().stream()
                    .flatMap(exercise -> exercise.phases().stream())
                    .flatMap(phase -> phase.expectations().stream())
                    .flatMap(expectation -> expectation.promql().stream())
                    .toList();
            assertThat(queries).hasSizeGreaterThan(10);
            Set<String> metrics = new TreeSet<>();
            queries.forEach(query -> metrics.addAll(PromQl.metricNames(query)));

            queries.forEach(prometheus::query);
            await("every metric the exercises query scraped").atMost(remaining()).pollInterval(POLL)
                    .untilAsserted(() -> assertThat(metrics)
                            .filteredOn(metric -> prometheus.query(metric).isEmpty())
                            .as("metrics the exercise files query that Prometheus does not have")
                            .isEmpty());
        }

        private List<String> queriesWithoutData(List<Dashboard.Query> queries) {
            List<String> empty = new ArrayList<>();
            for (Dashboard.Query query : queries) {
                if (prometheus.query(PromQl.withGrafanaVariables(query.expr())).isEmpty()) {
                    empty.add(query.toString());
                }
            }
            return empty;
        }

        private Set<String> firingAlerts() {
            return prometheus.query("ALERTS{alertstate=\"firing\"}").stream()
                    .map(series -> series.path("metric").path("alertname").asString())
                    .collect(Collectors.toSet());
        }

        private long queueSize() {
            return ProducerStatus.of(producer).size();
        }

        /**
         * With the OpenTelemetry agent, as in the containers, so that the histograms carry exemplars; the
         * spans themselves go nowhere (TraceTruthTest follows them).
         */
        private static ServiceProcess.Builder withTheAgent(LabService service) {
            return ServiceProcess.of(service).withAgent()
                    // C1 only: the agent makes start-up JIT-heavy, and this test needs traffic, not peak speed
                    .jvmOption("-XX:TieredStopAtLevel=1")
                    .env("OTEL_SERVICE_NAME", service.serviceName())
                    .env("OTEL_TRACES_EXPORTER", "none")
                    .env("OTEL_METRICS_EXPORTER", "none")
                    .env("OTEL_LOGS_EXPORTER", "none");
        }

        private Duration remaining() {
            Duration left = Duration.between(Instant.now(), deadline);
            return left.compareTo(LAST_LOOK) < 0 ? LAST_LOOK : left;
        }
    }
}
