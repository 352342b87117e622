package lab.backpressure.labtests.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * What of the dashboard and the alert rules only a lab on a Kafka broker feeds: the consumer's lag meters and the
 * Kafka clients' own ({@code consumer_kafka_*}, {@code kafka_*}), the dashboard's Kafka row that draws them, and the
 * alert rules that select them. On the HTTP lane none of these series exists, so {@link DashboardTruthTest} proves
 * everything else there and {@code KafkaWalkthroughTest} proves this against a Prometheus scraping its jars on the
 * embedded broker.
 */
public final class KafkaLaneObservability {

    static final String ROW = "Kafka";
    /** The Kafka row's total lag, which exercise 30 grows. */
    static final String TOTAL_LAG = "sum(consumer_kafka_lag_records)";
    private static final Pattern KAFKA_METRIC = Pattern.compile("(?:consumer_)?kafka_\\w+");

    private KafkaLaneObservability() {
    }

    static boolean isKafkaMetric(String metric) {
        return KAFKA_METRIC.matcher(metric).matches();
    }

    /** Whether the query selects a metric of the Kafka lane. */
    static boolean readsTheKafkaLane(Dashboard.Query query) {
        return PromQl.metricNames(query.expr()).stream().anyMatch(KafkaLaneObservability::isKafkaMetric);
    }

    /** The Kafka lane's metrics that the alert rules select. */
    static Set<String> alertMetrics() {
        Set<String> metrics = new TreeSet<>();
        AlertRules.alertExpressions().values().forEach(expr -> PromQl.metricNames(expr).stream()
                .filter(KafkaLaneObservability::isKafkaMetric).forEach(metrics::add));
        return metrics;
    }

    /**
     * The Kafka row's queries (as Grafana sends them) and the Kafka lane's alerting metrics that return no series
     * from this Prometheus, each as {@code [panel refId] expr} or its metric's name.
     */
    public static List<String> withoutData(LocalPrometheus prometheus) {
        List<String> empty = new ArrayList<>();
        List<Dashboard.Query> row = rowQueries();
        if (row.isEmpty()) {
            empty.add("the dashboard has no row " + ROW);
        }
        row.stream().filter(query -> prometheus.query(PromQl.withGrafanaVariables(query.expr())).isEmpty())
                .forEach(query -> empty.add(query.toString()));
        alertMetrics().stream().filter(metric -> prometheus.query(metric).isEmpty()).forEach(empty::add);
        return empty;
    }

    /** The highest the Kafka row's total lag was over the last {@code window}, as this Prometheus scraped it. */
    public static double peakTotalLag(LocalPrometheus prometheus, Duration window) {
        if (rowQueries().stream().noneMatch(query -> query.expr().equals(TOTAL_LAG))) {
            throw new IllegalStateException("the row " + ROW + " does not draw " + TOTAL_LAG + " any more");
        }
        List<JsonNode> peak = prometheus.query("max_over_time((" + TOTAL_LAG + ")[" + window.toSeconds() + "s:])");
        return peak.isEmpty() ? 0 : Double.parseDouble(peak.getFirst().path("value").get(1).asString());
    }

    /** The alerts that were pending or firing at some point of the last {@code window}. */
    public static Set<String> alertsRaised(LocalPrometheus prometheus, Duration window) {
        Set<String> raised = new TreeSet<>();
        prometheus.query("max_over_time(ALERTS[" + window.toSeconds() + "s])")
                .forEach(series -> raised.add(series.path("metric").path("alertname").asString()));
        return raised;
    }

    static List<Dashboard.Query> rowQueries() {
        return Dashboard.backpressureLab().queries().stream().filter(query -> query.row().equals(ROW)).toList();
    }
}
