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
                .containsExactly("between 30 and 45", "at most 10", "at least 90");
    }

    @Test
    void realTimeChangesNothing() {
        Phase written = SCENARIO.phases().getFirst();

        assertThat(TimeScale.REAL_TIME.phase(written)).isEqualTo(written);
    }
}
