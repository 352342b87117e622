package lab.backpressure.producer.delivery.limit;

import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

import com.netflix.concurrency.limits.Limit;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Pull delivery: the consumer says how much it can take, and the producer sends no more. Every answer to
 * {@code /process} and {@code /process/batch} carries the consumer's credit in {@value #HEADER}: its slots
 * plus one waiting place, less whatever is inside beyond them. The credit is the window: the limit is the last
 * grant ({@link DeliveryLimiter#granted}), so one slot gets today's two in flight and four or eight slots are fed
 * at once, without probing for the number as the adaptive algorithms do. A window, not an increment ("this many
 * more"): requests on their way to the consumer are not yet inside, so an increment would count their places as
 * free and spend them twice; measured, that ran away to every worker in flight at 10 ms × 8 slots. Before the
 * first answer it allows one request: nothing has been granted yet, and one answer is enough to learn the grant.
 * It has no settings: the number is the consumer's.
 */
@Component
public final class CreditLimitAlgorithm implements LimitAlgorithm {

    public static final String NAME = "credit";
    /** The consumer's credit on each answer; {@code WaitingRoom.CREDIT_HEADER} on the consumer's side. */
    public static final String HEADER = "Consumer-Credit";
    /** In flight before the first grant, and what a grant of nothing allows. */
    static final int PROBE = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Class<? extends AdminSettings>> settingsTypes() {
        return Set.of();
    }

    @Override
    public Limit create(Settings settings) {
        return new CreditLimit();
    }

    /** The credit in a {@value #HEADER} value: a whole number, at least 0; anything else grants nothing new. */
    public static OptionalInt parse(@Nullable String header) {
        if (header == null) {
            return OptionalInt.empty();
        }
        try {
            int credit = Integer.parseInt(header.strip());
            return credit < 0 ? OptionalInt.empty() : OptionalInt.of(credit);
        } catch (NumberFormatException notANumber) {
            return OptionalInt.empty();
        }
    }

    /** A limit moved only by grants, never by round trips. */
    static final class CreditLimit implements Limit {

        private volatile int limit = PROBE;

        void grant(int credit) {
            // a grant of nothing would never be answered again: one request probes
            limit = Math.max(PROBE, credit);
        }

        @Override
        public int getLimit() {
            return limit;
        }

        @Override
        public void notifyOnChange(Consumer<Integer> consumer) {
            // the limiter reads getLimit() on each acquire; nothing listens for changes
        }

        @Override
        public void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
            // round trips and drops say nothing the grant does not
        }
    }
}
