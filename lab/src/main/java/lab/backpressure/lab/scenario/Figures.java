package lab.backpressure.lab.scenario;

import java.math.BigDecimal;
import java.math.MathContext;

/** A measured figure as a learner reads it: three significant digits, no exponent, no trailing zeros. */
public final class Figures {

    private Figures() {
    }

    public static String format(Object figure) {
        if (figure instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                return String.valueOf(number);
            }
            return new BigDecimal(number).round(MathContext.DECIMAL32).round(new MathContext(3))
                    .stripTrailingZeros().toPlainString();
        }
        return String.valueOf(figure);
    }
}
