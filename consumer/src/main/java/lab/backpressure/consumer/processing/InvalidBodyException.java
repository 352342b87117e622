package lab.backpressure.consumer.processing;

/** The body as a whole is at fault rather than one field, e.g. an empty batch; the problem names no field. */
public class InvalidBodyException extends RuntimeException {

    InvalidBodyException(String detail) {
        super(detail);
    }
}
