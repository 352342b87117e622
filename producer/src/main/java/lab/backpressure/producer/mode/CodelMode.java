package lab.backpressure.producer.mode;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.problem.InvalidFieldException;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * CoDel queue timeouts as Maurer describes them ("Fail at Scale", ACM Queue 2015, used in Thrift and Wangle): a
 * queue that has not been empty for a whole {@code codel_interval_ms} is a standing queue, a backlog that will
 * not drain by itself, and its items time out after {@code codel_target_ms}; otherwise they time out only after
 * the interval, so a burst that the consumer works off is kept whole. An item past its timeout is dropped at the
 * head ({@code codel}) before any work is spent on it, at each take and before each new item is admitted (so a
 * queue nobody takes from stays bounded in time too). The queue is not bounded in items: the timeouts bound it.
 * <p>
 * "Empty" is drained ({@link ItemQueue#drained()}): a delivery worker found the queue empty and waited for work.
 * A queue emptied otherwise (shed to nothing by this mode, or its last item taken while the arrivals stall) stands
 * on, so a steady overload stays at the target instead of waiting a whole interval again after each stall. While the queue has not stood for an interval no item in it has waited that long, so
 * the interval timeout is a bound, not a cut: delivered items waited at most the interval, and about the target
 * while the overload lasts.
 * <p>
 * The defaults are 5 × and 100 × the handout's 100 ms of work per item, Maurer's ratio (5 ms in 100 ms): a
 * standing queue of five items' work is worth shedding, and a queue that stayed non-empty for a hundred items'
 * work is standing. Scale both with {@code processing_time_ms}. The timeout in force is
 * {@code producer_codel_timeout_seconds} (-1 while another mode decides) and {@code codel_timeout_ms} in
 * {@code /status.queue}, with {@code codel_dropping}, as of the last take or arrival. Every hook runs under the
 * ledger's lock.
 */
@Component
final class CodelMode implements QueueMode, MeterBinder {

    public static final String NAME = "codel";
    public static final DropReason CODEL = new DropReason("codel");

    private static final double MILLIS_PER_SECOND = 1000.0;
    private static final int INACTIVE = -1;

    /**
     * @param codelTargetMs   how long an item may wait while the queue stands; at most the interval
     * @param codelIntervalMs how long the queue must go undrained to be standing, and how long an item may wait
     *                        while it is not
     */
    @ConfigurationProperties("lab.producer.modes.codel")
    public record Codel(@Positive @Max(3_600_000) @DefaultValue("500") long codelTargetMs,
                        @Positive @Max(3_600_000) @DefaultValue("10000") long codelIntervalMs) implements AdminSettings {

        @Override
        public void check() {
            if (codelTargetMs > codelIntervalMs) {
                throw new InvalidFieldException("codel_target_ms",
                        "codel_target_ms (%d) must not be above codel_interval_ms (%d): the timeout of a standing queue is the shorter one"
                                .formatted(codelTargetMs, codelIntervalMs));
            }
        }
    }

    private final Settings settings;
    private volatile boolean active;
    private volatile boolean dropping;

    public CodelMode(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Admission admit(Admitting item) {
        timeOutHeads(item, item.at());
        return item.append();
    }

    @Override
    public void beforeTake(QueueView queue, long now) {
        timeOutHeads(queue, now);
    }

    private void timeOutHeads(QueueView queue, long now) {
        Codel codel = settings.get(Codel.class);
        OptionalLong standingSince = queue.standingSince();
        dropping = standingSince.isPresent() && now - standingSince.getAsLong() >= codel.codelIntervalMs();
        queue.evictWaitingLongerThan(timeout(codel), now, CODEL);
    }

    private long timeout(Codel codel) {
        return dropping ? codel.codelTargetMs() : codel.codelIntervalMs();
    }

    @Override
    public void activate() {
        dropping = false;
        active = true;
    }

    @Override
    public void deactivate() {
        active = false;
    }

    @Override
    public Set<DropReason> dropReasons() {
        return Set.of(CODEL);
    }

    @Override
    public Map<String, Object> status() {
        Codel codel = settings.get(Codel.class);
        return Map.of("codel_target_ms", codel.codelTargetMs(), "codel_interval_ms", codel.codelIntervalMs(),
                "codel_dropping", dropping, "codel_timeout_ms", timeout(codel));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("producer.codel.timeout", this,
                        mode -> mode.active ? mode.timeout(settings.get(Codel.class)) / MILLIS_PER_SECOND : INACTIVE)
                .description("How long the codel mode lets an item wait now: the target while the queue stands, else the interval; -1 while another mode decides")
                .baseUnit("seconds")
                .register(registry);
    }
}
