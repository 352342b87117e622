package lab.backpressure.consumer.processing;

import static lab.backpressure.consumer.processing.TestConfigs.config;
import static lab.backpressure.consumer.processing.TestConfigs.withFailures;
import static lab.backpressure.consumer.processing.TestConfigs.withShedding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import lab.backpressure.support.problem.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProcessingSettingsTest {

    private final ProcessingSettings settings = new ProcessingSettings(StartupProperties.bind(), new ProcessingSlots());

    @Test
    void startsWithTheHandoutDefaultsAndNoSlowDown() {
        assertThat(settings.current()).isEqualTo(config(100, 1.0, false, 50, 500, 1, 0));
    }

    @Test
    void appliesAValidChangeAsAWhole() {
        ProcessingConfig changed = settings.update(config ->
                config(200, 3.0, true, 10, 20, 8, 0));

        assertThat(changed).isEqualTo(config(200, 3.0, true, 10, 20, 8, 0));
        assertThat(settings.current()).isEqualTo(changed);
    }

    @Test
    void aPreviewIsCheckedLikeAnUpdateAndChangesNothing() {
        ProcessingConfig before = settings.current();

        assertThat(settings.preview(config -> config.withSlowdownFactor(3))).isEqualTo(before.withSlowdownFactor(3));
        assertThatThrownBy(() -> settings.preview(config -> config.withSlowdownFactor(0.5)))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        refused -> assertThat(refused.field()).isEqualTo("slowdown_factor"));
        assertThat(settings.current()).isSameAs(before);
    }

    @Test
    void resetGoesBackToTheStartupPropertiesNotTheHandoutsDefaults() {
        ProcessingSettings startedElsewhere = new ProcessingSettings(
                StartupProperties.bind("processing-time-ms", "40", "concurrency", "3", "failure-rate", "0.25"),
                new ProcessingSlots());
        ProcessingConfig startup = startedElsewhere.current();
        startedElsewhere.update(config -> withFailures(config(200, 5.0, true, 10, 20, 8, 0),
                new FailureInjection(1, FailureMode.RESET, 100)));

        ProcessingConfig reset = startedElsewhere.reset();

        assertThat(reset).isEqualTo(startup).isEqualTo(startedElsewhere.current());
        assertThat(reset.processingTimeMs()).isEqualTo(40);
        assertThat(reset.concurrency()).isEqualTo(3);
        assertThat(reset.slowdownFactor()).isEqualTo(ProcessingConfig.NO_SLOWDOWN);
        assertThat(reset.failureInjection().rate()).isEqualTo(0.25);
    }

    static Stream<Arguments> invalidChanges() {
        return Stream.of(
                Arguments.of("processing_time_ms", change(c -> config(0, 1, false, 50, 500, 1, 0))),
                Arguments.of("processing_time_ms", change(c -> config(60_001, 1, false, 50, 500, 1, 0))),
                Arguments.of("processing_min_ms", change(c -> config(100, 1, true, -1, 500, 1, 0))),
                Arguments.of("processing_max_ms", change(c -> config(100, 1, true, 50, 60_001, 1, 0))),
                Arguments.of("processing_min_ms", change(c -> config(100, 1, true, 501, 500, 1, 0))),
                Arguments.of("concurrency", change(c -> config(100, 1, false, 50, 500, 0, 0))),
                Arguments.of("concurrency", change(c -> config(100, 1, false, 50, 500, 65, 0))),
                Arguments.of("request_overhead_ms", change(c -> config(100, 1, false, 50, 500, 1, -1))),
                Arguments.of("request_overhead_ms",
                        change(c -> config(100, 1, false, 50, 500, 1, 60_001))),
                Arguments.of("max_waiting", change(c -> withShedding(c, new Shedding(-2, 2)))),
                Arguments.of("critical_reserve", change(c -> withShedding(c, new Shedding(10, -1)))),
                Arguments.of("failure_rate", failures(new FailureInjection(-0.01, FailureMode.ERROR, 35_000))),
                Arguments.of("failure_rate", failures(new FailureInjection(1.01, FailureMode.ERROR, 35_000))),
                Arguments.of("failure_rate", failures(new FailureInjection(Double.NaN, FailureMode.ERROR, 35_000))),
                Arguments.of("failure_mode", failures(new FailureInjection(0.5, null, 35_000))),
                Arguments.of("failure_timeout_ms", failures(new FailureInjection(0.5, FailureMode.TIMEOUT, 0))),
                Arguments.of("failure_timeout_ms", failures(new FailureInjection(0.5, FailureMode.TIMEOUT, 60_001))),
                Arguments.of("slowdown_factor", change(c -> c.withSlowdownFactor(0.99))),
                Arguments.of("slowdown_factor", change(c -> c.withSlowdownFactor(100.01))),
                Arguments.of("slowdown_factor", change(c -> c.withSlowdownFactor(Double.NaN))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidChanges")
    void refusesAnInvalidChangeNamingTheFieldAndKeepsTheOldConfig(String field,
            UnaryOperator<ProcessingConfig> change) {
        ProcessingConfig before = settings.current();

        assertThatThrownBy(() -> settings.update(change))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(field);
        assertThat(settings.current()).isSameAs(before);
    }

    @Test
    void refusesInvalidStartupValues() {
        ConsumerProperties minAboveMax =
                StartupProperties.bind("variable-processing", "true", "processing-min-ms", "600");

        assertThatThrownBy(() -> new ProcessingSettings(minAboveMax, new ProcessingSlots()))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage("processing_min_ms (600) must not exceed processing_max_ms (500)");
    }

    @Test
    void checksAFactorUnderTheNameTheCallerUsed() {
        assertThatThrownBy(() -> settings.limits().requireSlowdownFactor("factor", 101))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("factor"))
                .hasMessage("factor must be between 1.0 and 100.0, got 101.0");
    }

    private static UnaryOperator<ProcessingConfig> change(UnaryOperator<ProcessingConfig> change) {
        return change;
    }

    private static UnaryOperator<ProcessingConfig> failures(FailureInjection failures) {
        return c -> withFailures(c, failures);
    }
}
