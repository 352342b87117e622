package lab.backpressure.labtests.observability;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus configuration and alert rules as promtool sees them (Debian's promtool, like CI),
 * and the alert rules' unit tests, which must cover every alert both firing and quiet.
 */
class PromtoolTest {

    /** The alerts the README's exercises and docs/exercises/ promise a learner will see. */
    private static final Set<String> DOCUMENTED_ALERTS = Set.of(
            "QueueNearCapacity", "QueueGrowing", "ConsumerSlowerThanProduction", "ItemsRejected",
            "ItemsDropped", "ProducerHeapNearMax", "MemoryNearLimit", "ProducerDown", "ConsumerDown",
            "CircuitBreakerOpen", "ItemsExpiring", "GeneratorHeldBack", "OldestItemsEvicted", "ItemsSampledOut",
            "KafkaLagGrowing");

    @Test
    void configIsValidAndLoadsTheAlertRules() {
        Path promtool = ExternalTool.require("promtool");

        ExternalTool.Result result = ExternalTool.run(AlertRules.prometheusDirectory(),
                List.of(promtool.toString(), "check", "config", "prometheus.yml"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("SUCCESS: 1 rule files found")
                .contains("SUCCESS: prometheus.yml is valid prometheus config file syntax")
                .contains("SUCCESS: " + AlertRules.alertExpressions().size() + " rules found");
    }

    @Test
    void alertRulesAreValid() {
        Path promtool = ExternalTool.require("promtool");

        ExternalTool.Result result = ExternalTool.run(AlertRules.prometheusDirectory(),
                List.of(promtool.toString(), "check", "rules", "alerts.yml"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + DOCUMENTED_ALERTS.size() + " rules found");
    }

    @Test
    void alertRuleUnitTestsPass() {
        Path promtool = ExternalTool.require("promtool");

        ExternalTool.Result result = ExternalTool.run(AlertRules.prometheusDirectory(),
                List.of(promtool.toString(), "test", "rules", "alerts.test.yml"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void theRulesAreExactlyTheDocumentedAlerts() {
        assertThat(AlertRules.alertExpressions().keySet()).containsExactlyInAnyOrderElementsOf(DOCUMENTED_ALERTS);
    }

    @Test
    void everyAlertHasAUnitTestWhereItFiresAndOneWhereItStaysQuiet() {
        List<AlertRules.UnitCase> cases = AlertRules.unitCases();

        Set<String> firing = alertNames(cases, true);
        Set<String> quiet = alertNames(cases, false);

        assertThat(firing).as("alerts with a firing unit test").containsAll(DOCUMENTED_ALERTS);
        assertThat(quiet).as("alerts with a not-firing unit test").containsAll(DOCUMENTED_ALERTS);
        assertThat(cases).extracting(AlertRules.UnitCase::alertName)
                .as("unit tests name only existing alerts")
                .allMatch(DOCUMENTED_ALERTS::contains);
    }

    private static Set<String> alertNames(List<AlertRules.UnitCase> cases, boolean expectsFiring) {
        return cases.stream()
                .filter(unitCase -> unitCase.expectsFiring() == expectsFiring)
                .map(AlertRules.UnitCase::alertName)
                .collect(Collectors.toSet());
    }
}
