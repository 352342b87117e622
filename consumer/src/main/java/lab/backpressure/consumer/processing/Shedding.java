package lab.backpressure.consumer.processing;

/**
 * How many requests may wait for a processing slot before new ones are shed: {@code maxWaiting} for any
 * request ({@value #UNLIMITED} = no limit, the default), plus {@code criticalReserve} places only critical
 * requests may take, so critical traffic still gets in while sheddable traffic is turned away.
 */
public record Shedding(int maxWaiting, int criticalReserve) {

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
