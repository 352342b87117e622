package lab.backpressure.labtests.benchmark.strategy;

import java.util.List;

import lab.backpressure.lab.scenario.Phase;

/**
 * A phase of one strategy's run as recorded: the phase as it ran (compressed), its readings, and the producer's
 * live heap after a full collection just before its steps, where its window starts (after the settle time; the
 * same figure when it has none) and just after its last reading.
 */
record PhaseRecord(Phase phase, int index, List<Reading> readings, double liveHeapMibAtStart,
                   double liveHeapMibAtWindowStart, double liveHeapMibAtEnd) {

    /** The readings after the phase's settle time, which the steady figures are measured over. */
    List<Reading> window() {
        double settled = phase.settle().toNanos() / 1e9;
        return readings.stream().filter(reading -> reading.phaseSeconds() >= settled).toList();
    }
}
