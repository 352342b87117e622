package lab.backpressure.lab.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * An exercise or a benchmark scenario, as its file describes it.
 *
 * @param given        steps that put the lab where the exercise starts (e.g. the consumer slowed down by an earlier
 *                     exercise); applied by a run, listed apart by {@code lab show}, not among the exercise's curls
 * @param compressible whether the scenario still shows what it promises when run time-compressed (a test runs
 *                     it five times faster); false for one that waits for something real, such as an
 *                     OutOfMemoryError
 * @param strategies   for a benchmark, the setting sets it compares; empty for an exercise
 */
public record Scenario(Path file, String name, String title, String summary, Optional<String> doc,
                       boolean compressible, List<Step> given, List<Phase> phases, List<Strategy> strategies,
                       List<String> questions, List<String> takeaways) {

    /**
     * The index of the phase {@code lab check N} checks, where the lesson shows; empty for a benchmark scenario,
     * the one kind of file that may mark none (the reader refuses an exercise without exactly one).
     */
    public OptionalInt checkedPhase() {
        return IntStream.range(0, phases.size()).filter(i -> phases.get(i).checked()).findFirst();
    }

    /** Every step of the exercise proper, in order: what its page shows as curl commands. */
    public List<Step> steps() {
        return phases.stream().flatMap(phase -> phase.steps().stream()).toList();
    }
}
