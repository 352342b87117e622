package lab.backpressure.consumer.processing;

import java.util.concurrent.Semaphore;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The {@code concurrency} places where an item can be processed. Requests beyond them wait in
 * arrival order (fair semaphore). Resizing keeps items already processing: when shrinking, the
 * permits they return are swallowed until the new size is reached. Sized at startup and whenever an update
 * changes {@link Processing}, before the update returns.
 */
@Component
class ProcessingSlots {

    private final ResizableSemaphore permits = new ResizableSemaphore();
    private final Settings settings;
    private int size;

    ProcessingSlots(Settings settings) {
        this.settings = settings;
        resize(settings.get(Processing.class).concurrency());
    }

    @EventListener
    void settingsChanged(SettingsChanged change) {
        if (change.changed(Processing.class)) {
            resize(settings.get(Processing.class).concurrency());
        }
    }

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
