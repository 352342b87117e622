package lab.backpressure.labtests.observability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.backpressure.labtests.support.LabService;
import tools.jackson.databind.JsonNode;

/** The lab's Prometheus files as data: the alert rules and their promtool unit tests. */
public final class AlertRules {

    private AlertRules() {
    }

    static Path prometheusDirectory() {
        return LabService.repositoryRoot().resolve("prometheus");
    }

    static Path config() {
        return prometheusDirectory().resolve("prometheus.yml");
    }

    static Path rules() {
        return prometheusDirectory().resolve("alerts.yml");
    }

    static Path unitTests() {
        return prometheusDirectory().resolve("alerts.test.yml");
    }

    /**
     * One alerting rule as alerts.yml writes it.
     *
     * @param forDuration its {@code for:}, empty where it fires at once
     */
    public record Alert(String name, String expr, String forDuration, String severity) {
    }

    /** Every alerting rule, in file order. */
    public static List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode group : YamlFile.read(rules()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                alerts.add(new Alert(rule.path("alert").asString(), rule.path("expr").asString(),
                        rule.path("for").asString(""), rule.path("labels").path("severity").asString()));
            }
        }
        return alerts;
    }

    /** Alert name to its PromQL expression, in file order. */
    static Map<String, String> alertExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        alerts().forEach(alert -> expressions.put(alert.name(), alert.expr()));
        return expressions;
    }

    /** One {@code alert_rule_test} entry: which alert it evaluates and whether it expects it firing. */
    record UnitCase(String testName, String alertName, boolean expectsFiring) {
    }

    static List<UnitCase> unitCases() {
        List<UnitCase> cases = new ArrayList<>();
        for (JsonNode test : YamlFile.read(unitTests()).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                cases.add(new UnitCase(test.path("name").asString(), check.path("alertname").asString(),
                        !check.path("exp_alerts").isEmpty()));
            }
        }
        return cases;
    }
}
