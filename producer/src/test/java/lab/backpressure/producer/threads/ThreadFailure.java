package lab.backpressure.producer.threads;

/** The child JVM of {@link HaltOnOutOfMemoryTest}: one lab thread fails the way the argument says. */
final class ThreadFailure {

    static final String OUT_OF_MEMORY = "out-of-memory";
    static final String OTHER = "other";
    static final String SURVIVED = "main thread survived";

    private ThreadFailure() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean outOfMemory = OUT_OF_MEMORY.equals(args[0]);
        LabThreads.start("lab-thread", () -> {
            if (outOfMemory) {
                throw new OutOfMemoryError("Java heap space");
            }
            throw new IllegalStateException("not a memory problem");
        }).join();
        System.out.println(SURVIVED);
    }
}
