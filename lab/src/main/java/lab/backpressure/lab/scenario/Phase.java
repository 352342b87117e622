package lab.backpressure.lab.scenario;

import java.time.Duration;
import java.util.List;

/**
 * A stretch of a scenario: its steps applied at the start, then {@code duration} of watching, of which the first
 * {@code settle} lets the change take effect and is left out of the expectations' window.
 *
 * @param checked whether this is the phase where the exercise's lesson shows, the one {@code lab check N} holds the
 *                lab to after a learner typed the page's steps up to it (an exercise marks exactly one)
 */
public record Phase(String name, Duration duration, Duration settle, List<Step> steps,
                    List<Expectation> expectations, boolean checked, int line) {

    /** The watched window the expectations and a benchmark's figures are measured over. */
    public Duration window() {
        return duration.minus(settle);
    }
}
