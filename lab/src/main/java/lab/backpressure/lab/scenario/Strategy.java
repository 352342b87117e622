package lab.backpressure.lab.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A named set of settings a benchmark scenario compares with the others under the same trouble.
 *
 * @param traits what the strategy promises ({@code lossless}, {@code bounded}, {@code adaptive}, {@code shedding}),
 *               which a benchmark's verdicts hold it to
 * @param file   the file it is written in: the scenario's own, or the shared strategies file it names, so that a
 *               refusal of one of its steps names the file the learner has to open
 */
public record Strategy(String name, String summary, List<String> traits, List<Step> steps, Path file, int line) {

    /** The promises a strategy may make; a trait not listed here is a typo, refused with its line. */
    public static final Set<String> TRAITS = Set.of("lossless", "bounded", "adaptive", "shedding");

    public boolean promises(String trait) {
        return traits.contains(trait);
    }
}
