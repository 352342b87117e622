package lab.backpressure.producer.item;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/** Creates work items with consecutive ids, for the generator and for {@code POST /produce} alike. */
@Component
public final class ItemFactory {

    private static final byte PAYLOAD_FILLER = 'x';
    private static final long NO_CLIENT_DEADLINE_MS = 0;

    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock;

    public ItemFactory(Clock clock) {
        this.clock = clock;
    }

    /** An item whose client waits however long it takes. */
    public WorkItem create(int payloadBytes) {
        return create(payloadBytes, NO_CLIENT_DEADLINE_MS);
    }

    /** An item whose client wants the answer within {@code clientDeadlineMs} of now; 0 for no deadline. */
    public WorkItem create(int payloadBytes, long clientDeadlineMs) {
        long now = clock.millis();
        long deadlineAt = clientDeadlineMs == NO_CLIENT_DEADLINE_MS ? WorkItem.NO_DEADLINE : now + clientDeadlineMs;
        return new WorkItem(sequence.incrementAndGet(), now, WorkItem.NOT_ENQUEUED, deadlineAt, payload(payloadBytes));
    }

    /** A fresh array per item: shared or interned payloads would make the queue's memory growth a lie. */
    private static String payload(int bytes) {
        byte[] filler = new byte[bytes];
        Arrays.fill(filler, PAYLOAD_FILLER);
        return new String(filler, StandardCharsets.ISO_8859_1);
    }
}
