package lab.backpressure.lab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.scenario.Phase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The live view of a 10 s phase read once a second: redrawn in place on a terminal, a line now and then in a log. */
class LiveViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Phase PHASE = new Phase("bounded at 100", Duration.ofSeconds(10), Duration.ofSeconds(4),
            List.of(), List.of(), true, 1);
    private static final String UP_AND_CLEAR = "\033[1A\r\033[2K";

    @Test
    void aTerminalKeepsTheFiguresInThreeLinesRedrawnAtEveryReading() {
        StringWriter screen = new StringWriter();

        watch(LiveView.of(new PrintWriter(screen), true));

        String drawn = screen.toString();
        assertThat(drawn.split(java.util.regex.Pattern.quote(UP_AND_CLEAR + UP_AND_CLEAR + UP_AND_CLEAR), -1))
                .as("each reading after the first moves up over the three lines of the one before")
                .hasSize(11);
        assertThat(drawn).contains("[~~~~~~~~~~~~=========.........] 7 s of 10 s")
                .contains("mode bounded  queue 100/100  memory 1.56 MB (heap 40 MB)  capacity 2/s")
                .contains("produced 10/s  sent 2/s  rejected 8/s  dropped 0/s");
    }

    @Test
    void aLogGetsALineEveryFiveSecondsAndTheLastWithoutCursorMovement() {
        StringWriter log = new StringWriter();

        watch(LiveView.of(new PrintWriter(log), false));

        List<String> lines = log.toString().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).isEqualTo("bounded at 100, watching 10 s (the first 4 s settle)");
        assertThat(lines.get(1)).startsWith("  [..............................] 0 s of 10 s  mode bounded")
                .endsWith("produced -/s  sent -/s  rejected -/s  dropped -/s");
        assertThat(lines.get(2)).startsWith("  [~~~~~~~~~~~~===...............] 5 s of 10 s");
        assertThat(lines.get(3)).startsWith("  [~~~~~~~~~~~~==================] 10 s of 10 s")
                .endsWith("produced 10/s  sent 2/s  rejected 8/s  dropped 0/s");
        assertThat(log.toString()).doesNotContain("\033");
    }

    /** Eleven readings a second apart of a full bounded queue: 10 produced, 2 sent and 8 rejected every second. */
    private static void watch(LiveView view) {
        view.phaseStarted(PHASE, 0, 1);
        for (int second = 0; second <= 10; second++) {
            view.sampled(PHASE, reading(second), Duration.ofSeconds(second), PHASE.duration());
        }
    }

    private static Sample reading(int second) {
        JsonNode producer = JSON.readTree("""
                {"queue": {"mode": "bounded", "size": 100, "max_size": 100, "memory_mb": 1.5625},
                 "totals": {"produced": %d, "sent": %d, "rejected": %d, "dropped": 0},
                 "process": {"heap_used_mb": 40}}""".formatted(1000 + 10 * second, 200 + 2 * second,
                700 + 8 * second));
        JsonNode consumer = JSON.readTree("{\"capacity_per_second\": 2}");
        return new Sample(second, producer, consumer);
    }
}
