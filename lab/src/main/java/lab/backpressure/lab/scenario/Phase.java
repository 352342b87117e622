package lab.backpressure.lab.scenario;

import java.time.Duration;
import java.util.List;

/**
 * A stretch of a scenario: its steps applied at the start, then {@code duration} of watching, of which the first
 * {@code settle} lets the change take effect and is left out of the expectations' window.
 */
public record Phase(String name, Duration duration, Duration settle, List<Step> steps,
                    List<Expectation> expectations, int line) {

    /** The watched window the expectations and a benchmark's figures are measured over. */
    public Duration window() {
        return duration.minus(settle);
    }
}
