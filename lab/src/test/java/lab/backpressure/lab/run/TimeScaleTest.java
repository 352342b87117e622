package lab.backpressure.lab.run;

import java.nio.file.Path;
import java.time.Duration;

import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.lab.scenario.Scenario;
import lab.backpressure.lab.scenario.ScenarioReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeScaleTest {

    private static final Scenario SCENARIO = ScenarioReader.read(Path.of("t.yaml"), """
            title: compressed
            phases:
              - name: one
                duration: 40s
                settle: 10s
                check: true
                steps:
                  - producer: /admin/config
                    body: {production_rate: 10, rate_limit: 2.5, deadline_ms: 2000, batch_linger_ms: 0,
                           breaker_window_s: 3, max_queue_size: 100, sample_rate: 0.5, queue_mode: bounded,
                           refill_per_second: 4, bucket_capacity: 50}
                expect:
                  - that: rate(producer.totals.rejected)
                    between: [6, 9]
                    scale: rate
                    why: rates grow
                  - that: max(producer.queue.wait_seconds)
                    at_most: 50
                    scale: time
                    why: times shrink
                  - that: max(producer.queue.size)
                    at_least: 90
                    why: counts stay
                  - promql: histogram_quantile(0.99, sum by (le) (rate(producer_queue_wait_seconds_bucket[20s])))
                    at_most: 10
                    scale: time
                    why: windows shrink
            """);

    @Test
    void dividesTimesAndMultipliesRatesLeavingCountsAndSharesAlone() {
        Phase phase = new TimeScale(5).phase(SCENARIO.phases().getFirst());

        assertThat(phase.duration()).isEqualTo(Duration.ofSeconds(8));
        assertThat(phase.settle()).isEqualTo(Duration.ofSeconds(2));
        assertThat(phase.steps().getFirst().body().orElseThrow().toString()).isEqualTo("""
                {"production_rate":50,"rate_limit":12.5,"deadline_ms":400,"batch_linger_ms":0,\
                "breaker_window_s":1,"max_queue_size":100,"sample_rate":0.5,"queue_mode":"bounded",\
                "refill_per_second":20,"bucket_capacity":50}""");
        assertThat(phase.expectations()).extracting(expectation -> expectation.bound().toString())
                .containsExactly("between 30 and 45", "at most 10", "at least 90", "at most 2");
        assertThat(phase.expectations().getLast().promql()).contains(
                "histogram_quantile(0.99, sum by (le) (rate(producer_queue_wait_seconds_bucket[4s])))");
        assertThat(phase.checked()).as("still the phase lab check checks").isTrue();
    }

    /** A range window left as written would span five compressed phases at speed 5, not the one measured. */
    @Test
    void dividesPromqlRangeWindowsAndSubqueriesLeavingLabelsAlone() {
        TimeScale five = new TimeScale(5);

        assertThat(five.promql("sum(rate(producer_items_rejected_total{reason=\"full\"}[20s]))"))
                .isEqualTo("sum(rate(producer_items_rejected_total{reason=\"full\"}[4s]))");
        assertThat(five.promql("max_over_time(rate(x_total[1m])[2m:10s])")).isEqualTo("max_over_time(rate(x_total[12s])[24s:2s])");
        assertThat(five.promql("rate(x_total[3s])")).isEqualTo("rate(x_total[600ms])");
        assertThat(TimeScale.REAL_TIME.promql("rate(x_total[20s])")).isEqualTo("rate(x_total[20s])");
    }

    @Test
    void realTimeChangesNothing() {
        Phase written = SCENARIO.phases().getFirst();

        assertThat(TimeScale.REAL_TIME.phase(written)).isEqualTo(written);
    }
}
