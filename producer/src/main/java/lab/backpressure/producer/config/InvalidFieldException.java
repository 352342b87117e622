package lab.backpressure.producer.config;

/** Bad input, blamed on one named JSON field; the API answers it with a 400 problem naming that field. */
public final class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
