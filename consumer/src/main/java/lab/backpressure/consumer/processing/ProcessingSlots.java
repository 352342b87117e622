package lab.backpressure.consumer.processing;

import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * The {@code concurrency} places where an item can be processed. Requests beyond them wait in
 * arrival order (fair semaphore). Resizing keeps items already processing: when shrinking, the
 * permits they return are swallowed until the new size is reached.
 */
@Component
public class ProcessingSlots {

    private final ResizableSemaphore permits = new ResizableSemaphore();
    private int size;

    void acquire() throws InterruptedException {
        permits.acquire();
    }

    void release() {
        permits.release();
    }

    synchronized void resize(int newSize) {
        int change = newSize - size;
        if (change > 0) {
            permits.release(change);
        } else if (change < 0) {
            permits.shrink(-change);
        }
        size = newSize;
    }

    private static final class ResizableSemaphore extends Semaphore {

        ResizableSemaphore() {
            super(0, true);
        }

        void shrink(int permitsToRemove) {
            reducePermits(permitsToRemove);
        }
    }
}
