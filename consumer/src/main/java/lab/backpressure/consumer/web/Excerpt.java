package lab.backpressure.consumer.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shortens rejected values before they are quoted back to the caller: a problem names what was wrong,
 * it does not echo a multi-megabyte string.
 */
final class Excerpt {

    /** About one line of text: enough to recognise a value, short enough for any log or terminal. */
    static final int MAX_CHARS = 100;

    private static final String ELLIPSIS = "…";
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private Excerpt() {
    }

    /** The value itself when short, else its first {@value #MAX_CHARS} characters and an ellipsis. */
    static String of(String value) {
        return value.length() <= MAX_CHARS ? value : value.substring(0, MAX_CHARS) + ELLIPSIS;
    }

    /** Shortens every 'quoted' value in a message written by someone else (Jackson's, for malformed JSON). */
    static String quotedIn(String message) {
        return QUOTED.matcher(message).replaceAll(quoted -> Matcher.quoteReplacement("'" + of(quoted.group(1)) + "'"));
    }
}
