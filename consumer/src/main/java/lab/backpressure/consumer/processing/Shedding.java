package lab.backpressure.consumer.processing;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many requests may wait for a processing slot before new ones are shed: {@code maxWaiting} for any
 * request ({@value #UNLIMITED} = no limit, the default, as before load shedding), plus {@code criticalReserve}
 * places only critical requests may take, so critical traffic still gets in while sheddable traffic is turned
 * away. Its default 2 matches the producer's two requests in flight: a producer sending only critical items
 * always finds a place, however much sheddable traffic fills the waiting room, while the reserve stays too small
 * to become a queue of its own. With {@code dropExpired} {@code on} an item whose client deadline has passed by the
 * time it reaches a processing slot is answered {@code expired} at once, unprocessed: the work nobody waits for any
 * more is shed too ({@code off} by default, so late items are processed as the handout's are). {@code rejectCostMs} is
 * what each shed request costs a processing slot ({@link RejectionCost}).
 */
@ConfigurationProperties("lab.consumer")
record Shedding(
        @DefaultValue("-1") int maxWaiting,
        @DefaultValue("2") int criticalReserve,
        @NotNull @Pattern(regexp = "on|off", message = "must be on or off") @DefaultValue("off") String dropExpired,
        @DefaultValue("0") long rejectCostMs)
        implements AdminSettings {

    public static final int UNLIMITED = -1;
    private static final String ON = "on";

    boolean dropsExpired() {
        return ON.equals(dropExpired);
    }

    /**
     * How many requests may be inside when one of this priority arrives, in the slots and waiting:
     * {@link Long#MAX_VALUE} when waiting is unlimited.
     */
    long roomFor(Priority priority, int concurrency) {
        if (maxWaiting == UNLIMITED) {
            return Long.MAX_VALUE;
        }
        long places = priority == Priority.CRITICAL ? (long) maxWaiting + criticalReserve : maxWaiting;
        return concurrency + places;
    }
}
