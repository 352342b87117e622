package lab.backpressure.producer.mode;

/**
 * Why a queued item was thrown away; {@link #tag()} is the {@code reason} tag of {@code producer_items_dropped_total}.
 * A mode declares the reasons it drops with ({@link QueueMode#dropReasons()}).
 */
public record DropReason(String tag) {

    /** {@code POST /admin/clear-queue}, in any mode. */
    public static final DropReason CLEARED = new DropReason("cleared");
}
