package lab.backpressure.consumer.processing;

/** A field of a request is missing or out of range; {@code field} is its JSON name, reported back to the caller. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
