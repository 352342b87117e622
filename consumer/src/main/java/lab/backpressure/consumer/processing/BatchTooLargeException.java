package lab.backpressure.consumer.processing;

/** A batch beyond {@link BatchLimits}: answered 413 and nothing in it is processed. */
public class BatchTooLargeException extends RuntimeException {

    BatchTooLargeException(String detail) {
        super(detail);
    }
}
