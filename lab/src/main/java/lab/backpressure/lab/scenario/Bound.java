package lab.backpressure.lab.scenario;

import java.util.Optional;

/**
 * What a measured figure must be: at least, at most, between both, or exactly a value: a text such as a mode's
 * name, or a number such as a capacity, which is compared as a number (5 equals 5.0) and scaled like the others.
 */
public record Bound(Optional<Double> atLeast, Optional<Double> atMost, Optional<String> equals) {

    public boolean admits(Object measured) {
        if (equals.isPresent()) {
            Optional<Double> number = number(equals.get());
            if (number.isPresent() && measured instanceof Double figure) {
                return figure.doubleValue() == number.get();
            }
            return equals.get().equals(String.valueOf(measured));
        }
        if (!(measured instanceof Double number) || number.isNaN()) {
            return false;
        }
        return atLeast.map(low -> number >= low).orElse(true) && atMost.map(high -> number <= high).orElse(true);
    }

    public Bound scaled(double factor) {
        return new Bound(atLeast.map(low -> low * factor), atMost.map(high -> high * factor),
                equals.map(value -> number(value).map(figure -> plain(figure * factor)).orElse(value)));
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

    private static String plain(double figure) {
        return java.math.BigDecimal.valueOf(figure).stripTrailingZeros().toPlainString();
    }

    private static Optional<Double> number(String text) {
        try {
            return Optional.of(Double.parseDouble(text));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }
}
