package lab.backpressure.producer.threads;

/** Starts the lab's own long-running threads (generator, delivery workers), all ended by an OutOfMemoryError. */
public final class LabThreads {

    private static final Thread.UncaughtExceptionHandler HALT_ON_OUT_OF_MEMORY = new HaltOnOutOfMemory();

    private LabThreads() {
    }

    /** A virtual thread, for workers there are many of and that mostly wait. */
    public static Thread startVirtual(String name, Runnable body) {
        return Thread.ofVirtual()
                .name(name)
                .uncaughtExceptionHandler(HALT_ON_OUT_OF_MEMORY)
                .start(body);
    }

    /** A daemon thread, so that a stuck one can never keep the JVM alive after shutdown. */
    public static Thread start(String name, Runnable body) {
        return Thread.ofPlatform()
                .name(name)
                .daemon(true)
                .uncaughtExceptionHandler(HALT_ON_OUT_OF_MEMORY)
                .start(body);
    }
}
