package lab.backpressure.lab.cli;

import java.time.Duration;

import lab.backpressure.lab.scenario.Figures;

/** A duration as the exercises write it: 500 ms, 40 s, 2 min, 1.5 s. */
final class Durations {

    private Durations() {
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0 s";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis >= 120_000 && millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        return Figures.format(millis / 1000.0) + " s";
    }
}
