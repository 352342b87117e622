package lab.backpressure.producer.mode;

/**
 * One new item's admission, as a mode decides it: exactly one of {@link #append()} or {@link #reject} per item,
 * each counted by the ledger as it happens, so no mode can take in or lose an item uncounted.
 */
public interface Admitting extends QueueView {

    /** Epoch millis the item is being admitted at: its {@code enqueued_at}. */
    long at();

    /** Adds the item at the tail of the queue. */
    Admission append();

    Admission reject(RejectionReason reason);
}
