package lab.backpressure.producer.item;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import lab.backpressure.support.settings.Settings;
import org.springframework.stereotype.Component;

/**
 * Creates work items with consecutive ids, for the generator and for {@code POST /produce} alike, each marked
 * critical or sheddable by the {@code critical_share} of its creation: a later change leaves queued items as
 * they were made.
 */
@Component
public final class ItemFactory {

    private static final byte PAYLOAD_FILLER = 'x';
    private static final long NO_CLIENT_DEADLINE_MS = 0;

    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock;
    private final Settings settings;

    public ItemFactory(Clock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /** An item whose client waits however long it takes. */
    public WorkItem create(int payloadBytes) {
        return create(payloadBytes, NO_CLIENT_DEADLINE_MS);
    }

    /** An item whose client wants the answer within {@code clientDeadlineMs} of now; 0 for no deadline. */
    public WorkItem create(int payloadBytes, long clientDeadlineMs) {
        long now = clock.millis();
        long deadlineAt = clientDeadlineMs == NO_CLIENT_DEADLINE_MS ? WorkItem.NO_DEADLINE : now + clientDeadlineMs;
        long id = sequence.incrementAndGet();
        return new WorkItem(id, now, WorkItem.NOT_ENQUEUED, deadlineAt,
                settings.get(Criticality.class).priorityOf(id), payload(payloadBytes));
    }

    /** A fresh array per item: shared or interned payloads would make the queue's memory growth a lie. */
    private static String payload(int bytes) {
        byte[] filler = new byte[bytes];
        Arrays.fill(filler, PAYLOAD_FILLER);
        return new String(filler, StandardCharsets.ISO_8859_1);
    }
}
