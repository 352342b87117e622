package lab.backpressure.consumer.processing;

/** A request header has a value the endpoint does not accept; answered 400 naming the header. */
public class InvalidHeaderException extends RuntimeException {

    private final String header;
    private final String value;
    private final String expected;

    public InvalidHeaderException(String header, String value, String expected) {
        super(header + " must be " + expected);
        this.header = header;
        this.value = value;
        this.expected = expected;
    }

    public String header() {
        return header;
    }

    public String value() {
        return value;
    }

    public String expected() {
        return expected;
    }
}
