package lab.backpressure.lab.cli;

import java.util.Optional;

import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.lab.scenario.Figures;
import tools.jackson.databind.JsonNode;

/**
 * Whether the services, just reset, run at the speed of the run: a run at speed K expects them started K times faster
 * than the handout (10 items/s produced, 100 ms an item), because it resets them to their start-up settings and
 * compresses only what it sends. A mismatch is not refused (a learner may have started them otherwise on purpose),
 * but said, since otherwise every rate is off by the factor and the misses look like the lab's fault.
 */
final class StartUpSpeed {

    private static final double HANDOUT_RATE = 10;
    private static final double HANDOUT_PROCESSING_MS = 100;

    private StartUpSpeed() {
    }

    /** Empty when both services started at the run's speed; otherwise what to do about it. */
    static Optional<String> mismatch(JsonNode producerStatus, JsonNode consumerStatus, TimeScale scale) {
        double rate = producerStatus.path("production_rate").asDouble();
        double processingMs = consumerStatus.path("processing_time_ms").asDouble();
        double expectedRate = HANDOUT_RATE * scale.speed();
        double expectedMs = HANDOUT_PROCESSING_MS / scale.speed();
        if (Math.abs(rate - expectedRate) < 0.01 * expectedRate
                && Math.abs(processingMs - expectedMs) < 0.01 * expectedMs) {
            return Optional.empty();
        }
        return Optional.of("Note: the services started at " + Figures.format(rate) + " items/s and "
                + Figures.format(processingMs) + " ms an item, but a run at speed " + scale.speed() + " expects "
                + Figures.format(expectedRate) + " items/s and " + Figures.format(expectedMs) + " ms (the handout's"
                + " 10 items/s and 100 ms, " + scale.speed() + " times faster), so its figures may not be the"
                + " exercise's. Start the services compressed to match --speed, or change --speed"
                + " (docs/lab-command.md).");
    }
}
