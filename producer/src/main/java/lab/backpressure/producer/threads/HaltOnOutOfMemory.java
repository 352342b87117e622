package lab.backpressure.producer.threads;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the JVM when a thread dies of {@link OutOfMemoryError}. The lab's containers run with
 * {@code -XX:+ExitOnOutOfMemoryError}, which does this for any thread; this handler makes a plain
 * {@code java -jar} run die just as visibly, instead of limping on without its generator or delivery
 * thread. It halts rather than exits: shutdown hooks would need heap that is not there.
 */
public final class HaltOnOutOfMemory implements Thread.UncaughtExceptionHandler {

    /** The status the JVM itself exits with under {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int OUT_OF_MEMORY_EXIT_STATUS = 3;
    /** Freed before reporting, so that writing the report does not fail for want of heap. */
    private static final int REPORT_RESERVE_BYTES = 1024 * 1024;
    private static final String REPORT = "Terminating due to ";
    private static final String REPORT_THREAD = " in thread ";
    private static final Logger log = LoggerFactory.getLogger(HaltOnOutOfMemory.class);

    private static volatile byte[] reportReserve = new byte[REPORT_RESERVE_BYTES];

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        if (!(failure instanceof OutOfMemoryError)) {
            log.error("Thread {} died", thread.getName(), failure);
            return;
        }
        try {
            reportReserve = null;
            // piece by piece: a string concatenation here would be linked at its first use, which needs heap
            System.err.print(REPORT);
            System.err.print(failure);
            System.err.print(REPORT_THREAD);
            System.err.println(thread.getName());
        } finally {
            Runtime.getRuntime().halt(OUT_OF_MEMORY_EXIT_STATUS);
        }
    }
}
