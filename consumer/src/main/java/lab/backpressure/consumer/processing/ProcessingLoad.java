package lab.backpressure.consumer.processing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** How many items wait for a slot, are being processed, and have been processed since start. */
@Component
public class ProcessingLoad {

    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong processed = new AtomicLong();

    public int waiting() {
        return waiting.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long processed() {
        return processed.get();
    }

    void waitingStarted() {
        waiting.incrementAndGet();
    }

    void waitingEnded() {
        waiting.decrementAndGet();
    }

    void processingStarted() {
        inFlight.incrementAndGet();
    }

    void itemProcessed() {
        processed.incrementAndGet();
    }

    void processingEnded() {
        inFlight.decrementAndGet();
    }
}
