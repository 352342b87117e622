package lab.backpressure.lab.scenario;

import java.util.List;

/** A named set of settings a benchmark scenario compares with the others under the same trouble. */
public record Strategy(String name, String summary, List<Step> steps, int line) {
}
