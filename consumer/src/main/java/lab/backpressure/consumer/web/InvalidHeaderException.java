package lab.backpressure.consumer.web;

/** A request header has a value the endpoint does not accept; answered 400 naming the header. */
class InvalidHeaderException extends RuntimeException {

    private final String header;
    private final String value;
    private final String expected;

    InvalidHeaderException(String header, String value, String expected) {
        super(header + " must be " + expected);
        this.header = header;
        this.value = value;
        this.expected = expected;
    }

    String header() {
        return header;
    }

    String value() {
        return value;
    }

    String expected() {
        return expected;
    }
}
