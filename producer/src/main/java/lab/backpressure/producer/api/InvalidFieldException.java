package lab.backpressure.producer.api;

/** Bad input, blamed on one named JSON field; the API answers it with a 400 problem naming that field. */
public final class InvalidFieldException extends RuntimeException {

    /** Enough of a rejected value to recognise it; a 3 MB string is not echoed back whole. */
    private static final int MAX_QUOTED_CHARS = 100;
    private static final String ELLIPSIS = "…";

    private final String field;

    public InvalidFieldException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** A rejected value as a detail may quote it: at most {@value #MAX_QUOTED_CHARS} characters. */
    public static String quote(Object value) {
        String text = String.valueOf(value);
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + ELLIPSIS;
    }
}
