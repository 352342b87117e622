package lab.backpressure.consumer.processing;

import static lab.backpressure.consumer.processing.StartupProperties.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import lab.backpressure.support.problem.InvalidFieldException;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsUpdater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The consumer's settings records under the shared updater, checked by {@link ConsumerLimits}. */
class ConsumerLimitsTest {

    private static final SlowDown[] NO_SLOW_DOWN = {};

    private final SettingsUpdater settings = new StartupProperties().settings(_ -> { });

    @Test
    void startsWithTheHandoutDefaultsAndNoSlowDown() {
        Settings startup = settings.current();

        assertThat(startup.get(Processing.class)).extracting(Processing::processingTimeMs, Processing::variableProcessing,
                Processing::processingMinMs, Processing::processingMaxMs, Processing::concurrency,
                Processing::requestOverheadMs).containsExactly(100L, false, 50L, 500L, 1, 0L);
        assertThat(startup.get(SlowDown.class)).isEqualTo(SlowDown.NONE);
        assertThat(startup.get(Shedding.class)).isEqualTo(new Shedding(Shedding.UNLIMITED, 2, "off", 0));
        assertThat(startup.get(FailureInjection.class)).isEqualTo(new FailureInjection(0, FailureMode.ERROR, 35_000));
    }

    @Test
    void appliesAValidChangeAsAWhole() {
        Settings changed = settings.apply(json("""
                {"processing_time_ms": 200, "variable_processing": true, "processing_min_ms": 10,
                 "processing_max_ms": 20, "concurrency": 8}"""), new SlowDown(3));

        assertThat(changed.get(Processing.class)).extracting(Processing::processingTimeMs,
                Processing::variableProcessing, Processing::processingMinMs, Processing::processingMaxMs,
                Processing::concurrency).containsExactly(200L, true, 10L, 20L, 8);
        assertThat(settings.current().get(Processing.class)).isEqualTo(changed.get(Processing.class));
        assertThat(changed.get(SlowDown.class).slowdownFactor()).isEqualTo(3.0);
    }

    @Test
    void aPreviewIsCheckedLikeAnUpdateAndChangesNothing() {
        Processing before = settings.current().get(Processing.class);

        assertThat(settings.preview(json("{}"), new SlowDown(3)).get(SlowDown.class).slowdownFactor()).isEqualTo(3.0);
        assertThatThrownBy(() -> settings.preview(json("{}"), new SlowDown(0.5)))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        refused -> assertThat(refused.field()).isEqualTo("slowdown_factor"));
        assertThat(settings.current().get(Processing.class)).isSameAs(before);
        assertThat(settings.current().get(SlowDown.class)).isEqualTo(SlowDown.NONE);
    }

    @Test
    void resetGoesBackToTheStartupPropertiesNotTheHandoutsDefaults() {
        SettingsUpdater startedElsewhere = new StartupProperties("processing-time-ms", "40", "concurrency", "3",
                "failure-rate", "0.25").settings(_ -> { });
        String startup = startedElsewhere.json(startedElsewhere.current()).toString();
        startedElsewhere.apply(json("""
                {"processing_time_ms": 200, "concurrency": 8, "failure_rate": 1, "failure_mode": "reset"}"""),
                new SlowDown(5));

        Settings reset = startedElsewhere.reset();

        assertThat(startedElsewhere.json(reset)).hasToString(startup);
        assertThat(reset.get(Processing.class).processingTimeMs()).isEqualTo(40);
        assertThat(reset.get(Processing.class).concurrency()).isEqualTo(3);
        assertThat(reset.get(SlowDown.class)).isEqualTo(SlowDown.NONE);
        assertThat(reset.get(FailureInjection.class).failureRate()).isEqualTo(0.25);
    }

    static Stream<Arguments> invalidChanges() {
        return Stream.of(
                Arguments.of("processing_time_ms", "{\"processing_time_ms\": 0}", NO_SLOW_DOWN),
                Arguments.of("processing_time_ms", "{\"processing_time_ms\": 60001}", NO_SLOW_DOWN),
                Arguments.of("processing_min_ms", "{\"variable_processing\": true, \"processing_min_ms\": -1}",
                        NO_SLOW_DOWN),
                Arguments.of("processing_max_ms", "{\"variable_processing\": true, \"processing_max_ms\": 60001}",
                        NO_SLOW_DOWN),
                Arguments.of("processing_min_ms", "{\"variable_processing\": true, \"processing_min_ms\": 501}",
                        NO_SLOW_DOWN),
                Arguments.of("concurrency", "{\"concurrency\": 0}", NO_SLOW_DOWN),
                Arguments.of("concurrency", "{\"concurrency\": 65}", NO_SLOW_DOWN),
                Arguments.of("request_overhead_ms", "{\"request_overhead_ms\": -1}", NO_SLOW_DOWN),
                Arguments.of("request_overhead_ms", "{\"request_overhead_ms\": 60001}", NO_SLOW_DOWN),
                Arguments.of("max_waiting", "{\"max_waiting\": -2}", NO_SLOW_DOWN),
                Arguments.of("critical_reserve", "{\"max_waiting\": 10, \"critical_reserve\": -1}", NO_SLOW_DOWN),
                Arguments.of("failure_rate", "{\"failure_rate\": -0.01}", NO_SLOW_DOWN),
                Arguments.of("failure_rate", "{\"failure_rate\": 1.01}", NO_SLOW_DOWN),
                Arguments.of("failure_mode", "{\"failure_rate\": 0.5, \"failure_mode\": null}", NO_SLOW_DOWN),
                Arguments.of("failure_timeout_ms", "{\"failure_mode\": \"timeout\", \"failure_timeout_ms\": 0}",
                        NO_SLOW_DOWN),
                Arguments.of("failure_timeout_ms", "{\"failure_timeout_ms\": 60001}", NO_SLOW_DOWN),
                Arguments.of("slowdown_factor", "{}", new SlowDown[] {new SlowDown(0.99)}),
                Arguments.of("slowdown_factor", "{}", new SlowDown[] {new SlowDown(100.01)}),
                Arguments.of("slowdown_factor", "{}", new SlowDown[] {new SlowDown(Double.NaN)}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidChanges")
    void refusesAnInvalidChangeNamingTheFieldAndKeepsTheOldSettings(String field, String update, SlowDown[] also) {
        String before = settings.json(settings.current()).toString();

        assertThatThrownBy(() -> settings.apply(json(update), (AdminSettings[]) also))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(field);
        assertThat(settings.json(settings.current())).hasToString(before);
    }

    @Test
    void refusesInvalidStartupValues() {
        StartupProperties minAboveMax = new StartupProperties("variable-processing", "true", "processing-min-ms", "600");

        assertThatThrownBy(() -> minAboveMax.settings(_ -> { }))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage("processing_min_ms (600) must not exceed processing_max_ms (500)");
    }

    @Test
    void checksAFactorUnderTheNameTheCallerUsed() {
        assertThatThrownBy(() -> new StartupProperties().bind(ConsumerLimits.class).requireSlowdownFactor("factor", 101))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("factor"))
                .hasMessage("factor must be between 1.0 and 100.0, got 101.0");
    }
}
