package lab.backpressure.consumer.processing;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import lab.backpressure.support.settings.Settings;
import org.springframework.stereotype.Component;

/**
 * Load shedding: decides, before a request's body is read, whether it may wait for a processing slot.
 * It counts the requests inside (admitted and not yet done with their slot); a request is let in while
 * fewer than concurrency + the places its priority may take ({@link Shedding}) are inside, else it is
 * shed. The check and the count are one atomic step, so a burst cannot slip past the limit.
 */
@Component
public class WaitingRoom {

    private static final double MILLIS_PER_SECOND = 1000.0;
    private static final long MIN_RETRY_AFTER_SECONDS = 1;
    /** The response header that carries {@link #credit()} on every answer to {@code /process} and {@code /process/batch}. */
    public static final String CREDIT_HEADER = "Consumer-Credit";
    /** One request waiting per slot set: the next item is there when a slot frees, without a round trip. */
    private static final int WAITING_PLACES_GRANTED = 1;

    private final Settings settings;
    private final ProcessingLoad load;
    private final RejectionCost rejectionCost;
    private final AtomicInteger inside = new AtomicInteger();
    private final Map<Priority, AtomicLong> shed = new EnumMap<>(Priority.class);

    WaitingRoom(Settings settings, ProcessingLoad load, RejectionCost rejectionCost) {
        this.settings = settings;
        this.load = load;
        this.rejectionCost = rejectionCost;
        for (Priority priority : Priority.values()) {
            shed.put(priority, new AtomicLong());
        }
    }

    /**
     * Lets the request in, or sheds it.
     *
     * @throws RequestShedException when the places for its priority are taken
     */
    public Admission admit(Priority priority) {
        Settings now = settings.now();
        long room = now.get(Shedding.class).roomFor(priority, now.get(Processing.class).concurrency());
        int inside;
        do {
            inside = this.inside.get();
            if (inside >= room) {
                shed.get(priority).incrementAndGet();
                rejectionCost.refused();
                throw shedding(priority, inside, now);
            }
        } while (!this.inside.compareAndSet(inside, inside + 1));
        return new Admission(priority, this.inside::decrementAndGet);
    }

    /**
     * The credit the consumer grants with each answer ({@value #CREDIT_HEADER}): how many requests its client may
     * have in flight, its slots plus one waiting place, less the requests inside beyond those places (another
     * client's, or sent under an earlier, larger grant). A client that keeps within it has every slot busy and one
     * request ready behind them, and none queueing longer. It is a window, not an increment: requests on their way
     * count against it at the client, so a grant is never spent twice. Read when an answer is written, after the
     * answered request gave its place back; never negative.
     */
    public int credit() {
        int places = settings.get(Processing.class).concurrency() + WAITING_PLACES_GRANTED;
        int beyond = Math.max(0, inside.get() - places);
        return Math.max(0, places - beyond);
    }

    public long shed(Priority priority) {
        return shed.get(priority).get();
    }

    public long shed() {
        return shed.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /**
     * Retry-After estimates when the work ahead will be done: the waiting requests, each as long as a request
     * of the last batch size takes, shared among the slots, rounded up to whole seconds.
     */
    private RequestShedException shedding(Priority priority, int inside, Settings settings) {
        Processing processing = settings.get(Processing.class);
        // a request is shed only when every slot is taken, so all beyond concurrency are waiting
        int waiting = inside - processing.concurrency();
        double requestTimeMs = processing.requestTimeMs(load.lastBatchSize(),
                settings.get(SlowDown.class).slowdownFactor());
        double workAheadMs = waiting * requestTimeMs / processing.concurrency();
        long retryAfter = Math.max(MIN_RETRY_AFTER_SECONDS, (long) Math.ceil(workAheadMs / MILLIS_PER_SECOND));
        Shedding shedding = settings.get(Shedding.class);
        return new RequestShedException(("%d requests are waiting for a processing slot, all the places a %s request "
                + "may take (max_waiting %d, critical_reserve %d); retry in %d s").formatted(waiting, priority,
                shedding.maxWaiting(), shedding.criticalReserve(), retryAfter), retryAfter);
    }
}
