package lab.backpressure.support.problem;

import org.jspecify.annotations.Nullable;

/**
 * Bad input, blamed on one named JSON field ({@code [3].id} for the fourth item of an array); answered 400 with a
 * problem naming that field, or naming none when {@code field} is null because the body as a whole is at fault.
 */
public class InvalidFieldException extends RuntimeException {

    /** About one line of text: enough to recognise a value, short enough for any log or terminal. */
    static final int MAX_QUOTED_CHARS = 100;
    private static final String ELLIPSIS = "…";

    private final @Nullable String field;

    public InvalidFieldException(@Nullable String field, String detail) {
        super(detail);
        this.field = field;
    }

    public @Nullable String field() {
        return field;
    }

    /**
     * A rejected value as a detail may quote it: itself when short, else its first {@value #MAX_QUOTED_CHARS}
     * characters and an ellipsis, so that a 3 MB string is recognised, not echoed back whole.
     */
    public static String quote(@Nullable Object value) {
        String text = String.valueOf(value);
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + ELLIPSIS;
    }
}
