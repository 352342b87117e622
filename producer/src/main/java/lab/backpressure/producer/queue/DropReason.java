package lab.backpressure.producer.queue;

/** Why a queued item was thrown away; {@link #tag()} is the {@code reason} tag of {@code producer_items_dropped_total}. */
public enum DropReason {

    CLEARED("cleared");

    private final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
