package lab.backpressure.lab.measure;

/** An expression that cannot be read, or that names a figure the lab's {@code /status} does not show. */
public final class MeasureException extends RuntimeException {

    public MeasureException(String message) {
        super(message);
    }
}
