package lab.backpressure.producer.mode;

/**
 * Why a new item was refused; {@link #tag()} is the {@code reason} tag of {@code producer_items_rejected_total}.
 * A mode declares the reasons it uses ({@link QueueMode#rejectionReasons()}), so every counter exists, at 0,
 * before the first rejection.
 */
public record RejectionReason(String tag) {

    /** The queue is at its bound: shared by every mode that bounds the queue and refuses at the bound. */
    public static final RejectionReason FULL = new RejectionReason("full");
}
