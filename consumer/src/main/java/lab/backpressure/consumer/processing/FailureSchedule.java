package lab.backpressure.consumer.processing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Chooses the items that fail, spread evenly rather than in random clumps, so a share is exact: at rate r
 * the n-th item since the rate was set fails when floor(n r) > floor((n - 1) r). At 0.5 that is every
 * second item, at 0.1 every tenth, and of any 100 items in a row exactly 100 r fail (when 100 r is whole).
 */
@Component
class FailureSchedule {

    private final AtomicReference<Run> run = new AtomicReference<>(new Run(0, new AtomicLong()));

    /** How the next item fails, or {@code null} when it does not. */
    @Nullable FailureMode next(FailureInjection injection) {
        return nextFails(injection.failureRate()) ? injection.failureMode() : null;
    }

    /** Whether the next item fails; counting starts again at 1 whenever the rate changes. */
    boolean nextFails(double rate) {
        Run current = run.updateAndGet(previous ->
                previous.rate() == rate ? previous : new Run(rate, new AtomicLong()));
        long n = current.items().incrementAndGet();
        return failuresAmongFirst(n, rate) > failuresAmongFirst(n - 1, rate);
    }

    /** floor(n r) in decimal: in binary floating point 100 x 0.29 is 28.999999999999996, one failure short. */
    private static long failuresAmongFirst(long n, double rate) {
        return BigDecimal.valueOf(rate).multiply(BigDecimal.valueOf(n))
                .setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private record Run(double rate, AtomicLong items) {
    }
}
