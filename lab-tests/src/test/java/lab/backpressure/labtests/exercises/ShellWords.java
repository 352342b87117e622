package lab.backpressure.labtests.exercises;

import java.util.ArrayList;
import java.util.List;

/**
 * A line of a bash block split into words as the shell splits them, as far as the handout's commands need:
 * single quotes keep everything, double quotes keep all but backslash escapes, and the command ends at the first
 * unquoted {@code |}, {@code ;}, {@code &} or comment (what follows, such as {@code | jq}, is not the request).
 */
final class ShellWords {

    private ShellWords() {
    }

    static List<String> of(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed " + c + " in: " + line);
                }
                String quoted = line.substring(i + 1, end);
                word = (word == null ? new StringBuilder() : word).append(c == '"' ? unescaped(quoted) : quoted);
                i = end;
            } else if (c == '\\' && i + 1 < line.length()) {
                word = (word == null ? new StringBuilder() : word).append(line.charAt(++i));
            } else if ("|;&".indexOf(c) >= 0 || c == '#' && word == null) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = (word == null ? new StringBuilder() : word).append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private static String unescaped(String doubleQuoted) {
        return doubleQuoted.replaceAll("\\\\([\"\\\\$`])", "$1");
    }
}
