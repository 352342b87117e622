package lab.backpressure.labtests.benchmark.strategy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonReportTest {

    private static final String BEFORE = """
            part,case,measure,value
            goodput,bounded / 5x overload,goodput_x,0.98
            goodput,unbounded / 5x overload,goodput_x,0.40
            goodput,unbounded / 5x overload,loss_by_reason,
            goodput,drop_oldest / 5x overload,loss_by_reason,"evicted 10; full 2"
            latency,bounded / 5x overload,e2e_p99_ms,2100
            """;

    @Test
    void listsOnlyTheFiguresThatMovedBeyondTheNoise() {
        String now = BEFORE.replace("0.98", "0.91").replace("0.40", "0.20").replace("2100", "2700")
                .replace("evicted 10", "evicted 12");

        String diff = ComparisonReport.diff("Standard", BEFORE, now);

        // 0.98 → 0.91 is 7 %, inside the noise; 0.40 → 0.20 and 2100 → 2700 ms are not; a text that changed did
        assertThat(diff).doesNotContain("| bounded / 5x overload | goodput_x |")
                .contains("| goodput | unbounded / 5x overload | goodput_x | 0.40 | 0.20 |",
                        "| latency | bounded / 5x overload | e2e_p99_ms | 2100 | 2700 |",
                        "| goodput | drop_oldest / 5x overload | loss_by_reason | evicted 10; full 2 | evicted 12; full 2 |");
    }

    @Test
    void namesFiguresThatAreNewOrGone() {
        String now = BEFORE.replace("latency,bounded / 5x overload,e2e_p99_ms,2100\n", "")
                + "goodput,adaptive / 5x overload,goodput_x,0.97\n";

        assertThat(ComparisonReport.diff("Standard", BEFORE, now))
                .contains("| goodput | adaptive / 5x overload | goodput_x | (new) | 0.97 |",
                        "| latency | bounded / 5x overload | e2e_p99_ms | 2100 | (gone) |");
    }

    @Test
    void aTinyChangeOfASmallFigureIsNoise() {
        assertThat(ComparisonReport.movedBeyondNoise("0.01", "0.04")).isFalse();
        assertThat(ComparisonReport.movedBeyondNoise("n/a", "n/a")).isFalse();
        assertThat(ComparisonReport.movedBeyondNoise("n/a", "3.0")).isTrue();
    }

    @Test
    void saysSoWhenNothingMoved() {
        assertThat(ComparisonReport.diff("Standard", BEFORE, BEFORE)).contains("Nothing moved beyond the noise.");
    }
}
