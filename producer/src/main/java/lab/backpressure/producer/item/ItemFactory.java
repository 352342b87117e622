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

    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock;

    public ItemFactory(Clock clock) {
        this.clock = clock;
    }

    public WorkItem create(int payloadBytes) {
        return new WorkItem(sequence.incrementAndGet(), clock.millis(), WorkItem.NOT_ENQUEUED, payload(payloadBytes));
    }

    /** A fresh array per item: shared or interned payloads would make the queue's memory growth a lie. */
    private static String payload(int bytes) {
        byte[] filler = new byte[bytes];
        Arrays.fill(filler, PAYLOAD_FILLER);
        return new String(filler, StandardCharsets.ISO_8859_1);
    }
}
