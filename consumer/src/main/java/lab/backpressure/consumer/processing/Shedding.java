package lab.backpressure.consumer.processing;

import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many requests may wait for a processing slot before new ones are shed: {@code maxWaiting} for any
 * request ({@value #UNLIMITED} = no limit, the default, as before load shedding), plus {@code criticalReserve}
 * places only critical requests may take, so critical traffic still gets in while sheddable traffic is turned
 * away. Its default 2 matches the producer's two requests in flight: a producer sending only critical items
 * always finds a place, however much sheddable traffic fills the waiting room, while the reserve stays too small
 * to become a queue of its own.
 */
@ConfigurationProperties("lab.consumer")
record Shedding(@DefaultValue("-1") int maxWaiting, @DefaultValue("2") int criticalReserve)
        implements AdminSettings {

    public static final int UNLIMITED = -1;

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
