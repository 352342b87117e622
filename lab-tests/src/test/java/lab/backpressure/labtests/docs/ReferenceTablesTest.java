package lab.backpressure.labtests.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.backpressure.labtests.observability.AlertRules;
import lab.backpressure.labtests.observability.Dashboard;
import lab.backpressure.labtests.support.Lab;
import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference tables that list facts of the code, held to the code both ways: a row the code lacks fails, and
 * so does a fact of the code no row names. Alerts and panels against the files Prometheus and Grafana load; admin
 * fields and {@code /status} fields against both services, started from their jars at the handout's defaults.
 */
class ReferenceTablesTest {

    private static final String OBSERVABILITY = "docs/reference/observability.md";
    private static final String PRODUCER = "docs/reference/producer.md";
    private static final String CONSUMER = "docs/reference/consumer.md";
    /** The metric names a reference cell mentions (the PromQL around them, labels and legends left out). */
    private static final Pattern METRIC =
            Pattern.compile("\\b(?:(?:producer|consumer|jvm|process|lab|resilience4j|kafka)_[a-z0-9_]+|ALERTS)\\b");
    /** A histogram or summary is documented by its name; its queries read these series of it. */
    private static final Pattern SERIES_SUFFIX = Pattern.compile("_(?:bucket|sum|count)$");
    private static final String KNOWN = "known %ss: \\[([^]]+)]";

    @Test
    void theAlertTableIsAlertsYml() {
        MarkdownTable table = MarkdownTable.withHeader(OBSERVABILITY, "| Alert | Fires when | For | Severity |");
        Map<String, AlertRules.Alert> rules = new LinkedHashMap<>();
        AlertRules.alerts().forEach(alert -> rules.put(alert.name(), alert));
        Drift drift = new Drift("prometheus/alerts.yml");
        for (MarkdownTable.Row row : table.rows()) {
            AlertRules.Alert rule = rules.get(row.cell(0));
            if (drift.documented(row, row.cell(0), rule != null)) {
                String forDuration = rule.forDuration().isEmpty() ? "–" : rule.forDuration();
                drift.same(row, row.cell(0) + "'s for", row.cell(2), forDuration);
                drift.same(row, row.cell(0) + "'s severity", row.cell(3), rule.severity());
            }
        }
        drift.undocumented(table, rules.keySet());
        drift.assertNone();
    }

    /** The rows the page names open and collapsed, in that order; a collapsed row holds its panels folded away. */
    @Test
    void theHandoutsRowsAreOpenOnTopAndTheFamiliesAfterThemCollapsed() throws IOException {
        String page = Files.readString(LabService.repositoryRoot().resolve(OBSERVABILITY)).replace('\n', ' ');
        Matcher open = Pattern.compile("The handout's rows come first and open, [^:]+: ([^.]+)\\.").matcher(page);
        Matcher collapsed = Pattern.compile("come last and collapsed, [^:]+: ([^(]+) \\(").matcher(page);
        assertThat(open.find()).as("%s names the open rows", OBSERVABILITY).isTrue();
        assertThat(collapsed.find()).as("%s names the collapsed rows", OBSERVABILITY).isTrue();
        List<String> rowsInOrder = new ArrayList<>(List.of(open.group(1).split(", ")));
        rowsInOrder.addAll(List.of(collapsed.group(1).split(", ")));
        List<Dashboard.Row> rows = Dashboard.backpressureLab().rows();

        assertThat(rows).extracting(Dashboard.Row::title).as("the dashboard's rows").isEqualTo(rowsInOrder);
        assertThat(rows).extracting(Dashboard.Row::collapsed).as("open, then collapsed")
                .isEqualTo(rowsInOrder.stream().map(row -> rowsInOrder.indexOf(row) >= open.group(1).split(", ").length)
                        .toList());
        assertThat(rows).filteredOn(Dashboard.Row::collapsed).allSatisfy(row -> {
            assertThat(row.nested()).as("panels folded into %s", row.title()).isPositive();
            assertThat(row.following()).as("panels laid out under the collapsed %s", row.title()).isZero();
        });
    }

    @Test
    void thePanelTableIsTheDashboard() {
        MarkdownTable table = MarkdownTable.withHeader(OBSERVABILITY, "| Row | Panel | Query |");
        Map<String, Dashboard.PlacedPanel> panels = new LinkedHashMap<>();
        Dashboard.backpressureLab().placedPanels().forEach(panel -> panels.put(panelName(panel), panel));
        Drift drift = new Drift("grafana/dashboards/backpressure-lab.json");
        for (MarkdownTable.Row row : table.rows()) {
            String name = row.cell(0) + " / " + row.cell(1);
            Dashboard.PlacedPanel panel = panels.get(name);
            if (drift.documented(row, name, panel != null)) {
                drift.sameSet(row, name + "'s metrics", metricsIn(row.cell(2)), seriesNames(panel.metrics()));
            }
        }
        drift.undocumented(table, panels.keySet());
        drift.assertNone();
    }

    private static String panelName(Dashboard.PlacedPanel panel) {
        return panel.row() + " / " + panel.title();
    }

    private static Set<String> metricsIn(String cell) {
        Set<String> metrics = new TreeSet<>();
        Matcher metric = METRIC.matcher(cell);
        while (metric.find()) {
            metrics.add(SERIES_SUFFIX.matcher(metric.group()).replaceAll(""));
        }
        return metrics;
    }

    private static Set<String> seriesNames(Set<String> metrics) {
        Set<String> names = new TreeSet<>();
        metrics.forEach(metric -> names.add(SERIES_SUFFIX.matcher(metric).replaceAll("")));
        return names;
    }

    /** Both services at the handout's defaults, as a learner starts them; read, changed only to read a mode's fields. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AgainstTheRunningServices {

        private Lab lab;
        private ServiceProcess consumer;
        private ServiceProcess producer;
        /** Read right after the start: the defaults. */
        private JsonNode producerConfig;
        private JsonNode consumerConfig;

        @BeforeAll
        void start() {
            lab = Lab.start(ServiceProcess.of(LabService.CONSUMER), ServiceProcess.of(LabService.PRODUCER));
            consumer = lab.consumer();
            producer = lab.producer();
            producerConfig = LabHttp.getJson(producer.baseUrl() + "/admin/config");
            consumerConfig = LabHttp.getJson(consumer.baseUrl() + "/admin/config");
        }

        @AfterAll
        void stop() {
            lab.close();
        }

        @Test
        void theProducersAdminFieldsAreItsConfig() {
            MarkdownTable table = MarkdownTable.withHeader(PRODUCER, "| field | default | what it sets |");
            Drift drift = fieldsAndDefaults(table, producerConfig, "the producer's GET /admin/config");
            drift.assertNone();
            LabHttp.Response everyField = LabHttp.post(producer.baseUrl() + "/admin/config?dry_run=true",
                    producerConfig.toString());
            assertThat(everyField.status()).as("POST /admin/config takes every field GET answers: %s",
                    everyField.body()).isEqualTo(200);
        }

        @Test
        void theConsumersAdminFieldsAreItsConfig() {
            MarkdownTable table = MarkdownTable.withHeader(CONSUMER, "| field | default | set by | what it is |");
            Drift drift = fieldsAndDefaults(table, consumerConfig, "the consumer's GET /admin/config");
            for (MarkdownTable.Row row : table.rows()) {
                String field = row.codeSpans(0).getFirst();
                if (consumerConfig.has(field)) {
                    boolean documentedSettable = row.cell(2).contains("POST /admin/config");
                    LabHttp.Response dryRun = LabHttp.post(consumer.baseUrl() + "/admin/config?dry_run=true",
                            "{\"" + field + "\":" + consumerConfig.get(field) + "}");
                    drift.same(row, "whether a dry run of POST /admin/config takes `" + field + "`",
                            Boolean.toString(documentedSettable), Boolean.toString(dryRun.status() == 200));
                }
            }
            drift.assertNone();
        }

        @Test
        void theProducersStatusTableIsItsStatusUnderEveryMode() {
            Set<String> fields = new LinkedHashSet<>();
            Map<String, String> maxSizes = new TreeMap<>();
            try {
                for (String mode : registered("queue_mode", "mode")) {
                    LabHttp.postJson(producer.baseUrl() + "/admin/config", "{\"queue_mode\":\"" + mode + "\"}");
                    JsonNode status = LabHttp.getJson(producer.baseUrl() + "/status");
                    fields.addAll(fieldPaths(status));
                    maxSizes.put(mode, status.at("/queue/max_size").toString());
                }
                for (String order : registered("take_order", "order")) {
                    LabHttp.postJson(producer.baseUrl() + "/admin/config", "{\"take_order\":\"" + order + "\"}");
                    fields.addAll(fieldPaths(LabHttp.getJson(producer.baseUrl() + "/status")));
                }
            } finally {
                LabHttp.postJson(producer.baseUrl() + "/admin/reset", null);
            }
            assertStatusTable(PRODUCER, fields, "the producer's /status under every queue mode and take order");
            assertMaxSizeRow(maxSizes);
        }

        /**
         * The {@code queue.max_size} row says, clause by clause, which setting it shows under which modes
         * ({@code `max_queue_size` under `bounded`, ...; null under ...}); at the defaults that is the setting's
         * value, or null.
         */
        private void assertMaxSizeRow(Map<String, String> maxSizes) {
            MarkdownTable.Row row = MarkdownTable.withHeader(PRODUCER, "| field | what it is |").rows().stream()
                    .filter(candidate -> candidate.codeSpans(0).equals(List.of("queue.max_size")))
                    .findFirst().orElseThrow();
            Map<String, String> documented = new TreeMap<>();
            String cell = row.cell(1);
            for (String clause : cell.substring(cell.indexOf(':') + 1).split(";")) {
                String[] showsUnder = clause.split(" under ", 2);
                String shows = showsUnder[0].strip().replace("`", "");
                String value = shows.equals("null") ? "null" : String.valueOf(producerConfig.get(shows));
                MarkdownTable.codeSpansIn(showsUnder[1]).forEach(mode -> documented.put(mode, value));
            }
            Drift drift = new Drift("the producer's /status under every queue mode");
            drift.same(row, "queue.max_size by mode", documented.toString(), maxSizes.toString());
            drift.assertNone();
        }

        @Test
        void theConsumersStatusTableIsItsStatus() {
            assertStatusTable(CONSUMER, fieldPaths(LabHttp.getJson(consumer.baseUrl() + "/status")),
                    "the consumer's /status");
        }

        /** Every strategy the producer registers for {@code field}, as its refusal of an unknown one lists them. */
        private List<String> registered(String field, String noun) {
            LabHttp.Response refusal = LabHttp.post(producer.baseUrl() + "/admin/config?dry_run=true",
                    "{\"" + field + "\":\"no such " + noun + "\"}");
            Matcher known = Pattern.compile(KNOWN.formatted(noun)).matcher(refusal.body());
            assertThat(known.find()).as("the refusal lists the known %ss: %s", noun, refusal.body()).isTrue();
            return List.of(known.group(1).split(",\\s*"));
        }

        private static Drift fieldsAndDefaults(MarkdownTable table, JsonNode config, String source) {
            Drift drift = new Drift(source);
            for (MarkdownTable.Row row : table.rows()) {
                String field = row.codeSpans(0).getFirst();
                if (drift.documented(row, field, config.has(field))) {
                    drift.sameValue(row, field + "'s default", row.codeSpans(1).getFirst(), config.get(field));
                }
            }
            drift.undocumented(table, config.propertyNames());
            return drift;
        }

        private static void assertStatusTable(String page, Set<String> fields, String source) {
            MarkdownTable table = MarkdownTable.withHeader(page, "| field | what it is |");
            Drift drift = new Drift(source);
            for (MarkdownTable.Row row : table.rows()) {
                for (String field : row.codeSpans(0)) {
                    drift.documented(row, field, fields.contains(field));
                }
            }
            drift.undocumented(table, fields);
            drift.assertNone();
        }

        /** Every leaf of a JSON object as a dotted path: {@code delivery.circuit.state}. */
        private static Set<String> fieldPaths(JsonNode status) {
            Set<String> paths = new LinkedHashSet<>();
            collectPaths("", status, paths);
            return paths;
        }

        private static void collectPaths(String prefix, JsonNode node, Set<String> into) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String path = prefix + field.getKey();
                if (field.getValue().isObject()) {
                    collectPaths(path + ".", field.getValue(), into);
                } else {
                    into.add(path);
                }
            }
        }
    }

    /** What a table says that its source does not, and what the source holds that the table does not name. */
    private static final class Drift {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        private final String source;
        private final List<String> problems = new ArrayList<>();
        private final Set<String> documented = new LinkedHashSet<>();

        Drift(String source) {
            this.source = source;
        }

        /** Notes a documented name; false (and a problem) when the source has no such thing. */
        boolean documented(MarkdownTable.Row row, String name, boolean inSource) {
            documented.add(name);
            if (!inSource) {
                problems.add(row.where() + ": `" + name + "` is documented, but " + source + " has no such thing");
            }
            return inSource;
        }

        void undocumented(MarkdownTable table, Iterable<String> names) {
            for (String name : names) {
                if (!documented.contains(name)) {
                    problems.add(table.page() + ": `" + name + "` is in " + source + ", but the table lacks it");
                }
            }
        }

        void same(MarkdownTable.Row row, String what, String documentedValue, String actual) {
            if (!documentedValue.equals(actual)) {
                problems.add(row.where() + ": " + what + " is documented as " + documentedValue + ", but " + source
                        + " says " + actual);
            }
        }

        /** A documented JSON value against the real one, numbers compared as numbers (10 is 10.0). */
        void sameValue(MarkdownTable.Row row, String what, String documentedJson, JsonNode actual) {
            JsonNode documentedValue = JSON.readTree(documentedJson);
            boolean equal = documentedValue.isNumber() && actual.isNumber()
                    ? documentedValue.doubleValue() == actual.doubleValue()
                    : documentedValue.equals(actual);
            if (!equal) {
                same(row, what, documentedJson, actual.toString());
            }
        }

        void sameSet(MarkdownTable.Row row, String what, Set<String> documentedSet, Set<String> actual) {
            same(row, what, documentedSet.toString(), actual.toString());
        }

        void assertNone() {
            assertThat(problems).as("where the reference tables and %s disagree", source).isEmpty();
        }
    }
}
