package lab.backpressure.lab.scenario;

import java.util.Optional;

/** What a measured figure must be: at least, at most, between both, or exactly a text (a mode's name). */
public record Bound(Optional<Double> atLeast, Optional<Double> atMost, Optional<String> equals) {

    public boolean admits(Object measured) {
        if (equals.isPresent()) {
            return equals.get().equals(String.valueOf(measured));
        }
        if (!(measured instanceof Double number) || number.isNaN()) {
            return false;
        }
        return atLeast.map(low -> number >= low).orElse(true) && atMost.map(high -> number <= high).orElse(true);
    }

    public Bound scaled(double factor) {
        return new Bound(atLeast.map(low -> low * factor), atMost.map(high -> high * factor), equals);
    }

    @Override
    public String toString() {
        if (equals.isPresent()) {
            return "equal to " + equals.get();
        }
        if (atLeast.isPresent() && atMost.isPresent()) {
            return "between " + Figures.format(atLeast.get()) + " and " + Figures.format(atMost.get());
        }
        return atLeast.map(low -> "at least " + Figures.format(low))
                .orElseGet(() -> "at most " + Figures.format(atMost.orElseThrow()));
    }
}
