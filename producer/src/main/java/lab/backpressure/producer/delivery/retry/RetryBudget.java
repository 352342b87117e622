package lab.backpressure.producer.delivery.retry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * A retry budget as Finagle's {@code RetryBudget} keeps it: every first attempt deposits {@code percent} % of a
 * retry, every retry withdraws a whole one, and both count only while they are younger than the window; on top
 * there is a reserve of {@code minPerSecond} × the window's seconds, so a quiet client may still retry a little. A
 * retry is allowed while the balance holds a whole retry. Amounts are kept in ten-thousandths of a retry, so that
 * 20 % of ten deposits is exactly two retries. Not thread-safe: its policy guards it.
 */
final class RetryBudget {

    /** Ten-thousandths of a retry per retry: percent with two decimals. */
    static final long ONE_RETRY = 10_000;
    private static final long PER_PERCENT = ONE_RETRY / 100;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private record Entry(long atNanos, long amount) {
    }

    private final LongSupplier nanoTime;
    private final long windowNanos;
    private final long deposit;
    private final long reserve;
    private final Deque<Entry> entries = new ArrayDeque<>();
    /** The sum of the entries' amounts. */
    private long inWindow;

    /**
     * @param percent      0 … 100: the retries a first attempt earns, in %
     * @param minPerSecond retries per second allowed on top, however few first attempts there are
     */
    RetryBudget(double percent, double minPerSecond, Duration window, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.windowNanos = window.toNanos();
        this.deposit = Math.round(percent * PER_PERCENT);
        this.reserve = Math.round(minPerSecond * ONE_RETRY * windowNanos / NANOS_PER_SECOND);
    }

    /** A first attempt went out: it earns its share of a retry. */
    void deposit() {
        add(deposit);
    }

    /** Withdraws one retry if the balance holds one; answers whether it did. */
    boolean tryWithdraw() {
        if (balance() < ONE_RETRY) {
            return false;
        }
        add(-ONE_RETRY);
        return true;
    }

    /** What the budget holds now, in ten-thousandths of a retry. */
    long balance() {
        expire();
        return reserve + inWindow;
    }

    private void add(long amount) {
        expire();
        entries.addLast(new Entry(nanoTime.getAsLong(), amount));
        inWindow += amount;
    }

    private void expire() {
        long now = nanoTime.getAsLong();
        while (!entries.isEmpty() && now - entries.peekFirst().atNanos() >= windowNanos) {
            inWindow -= entries.removeFirst().amount();
        }
    }
}
