package lab.backpressure.lab.scenario;

import java.util.Optional;

import lab.backpressure.lab.measure.Expression;

/**
 * What an exercise says you should see, as a check: a figure from {@code /status} readings ({@code that}), or from
 * Prometheus ({@code promql}) where Prometheus runs, within a bound, with the one-line reason it should be so.
 */
public record Expectation(Optional<Expression> that, Optional<String> promql, Bound bound, Scale scale,
                          String why, int line) {

    /** The expression as the file writes it, the status one where there is one. */
    public String describe() {
        return that.map(Object::toString).orElseGet(promql::orElseThrow);
    }
}
