package lab.backpressure.producer.queue;

/** Why a new item was refused; {@link #tag()} is the {@code reason} tag of {@code producer_items_rejected_total}. */
public enum RejectionReason {

    QUEUE_FULL("queue_full"),
    RATE_LIMITED("rate_limited");

    private final String tag;

    RejectionReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
