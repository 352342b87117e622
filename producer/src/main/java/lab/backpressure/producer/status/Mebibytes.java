package lab.backpressure.producer.status;

/** Byte counts as MiB with two decimals, the unit of every {@code _mb} field. */
final class Mebibytes {

    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;
    private static final double HUNDREDTHS = 100.0;

    private Mebibytes() {
    }

    static double of(long bytes) {
        return Math.round(bytes / BYTES_PER_MIB * HUNDREDTHS) / HUNDREDTHS;
    }
}
