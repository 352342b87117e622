package lab.backpressure.lab.run;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service answered a request of a run with an error, or with something that is not JSON: the request, the status
 * and, on one short line, what the service said. The services answer problem+json, whose {@code detail} and
 * {@code field} are kept; anything else (a proxy's or Tomcat's HTML error page, a lab built before a field existed)
 * is summarised, never shown raw.
 */
public final class LabRefused extends RuntimeException {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LONGEST_REASON = 160;
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
    private static final Pattern UNSHOWN = Pattern.compile("(?is)<(head|style|script)[^>]*>.*?</\\1>|<[^>]*>");

    private final int status;
    private final Optional<String> field;
    private final String reason;

    /** An error answer; the services' are problem+json. */
    public LabRefused(String request, int status, String body) {
        this(request, status, problem(body).map(json -> json.path("field")).filter(JsonNode::isString)
                .map(JsonNode::asString), reason(body));
    }

    private LabRefused(String request, int status, Optional<String> field, String reason) {
        super(request + " answered " + status + ": " + reason);
        this.status = status;
        this.field = field;
        this.reason = reason;
    }

    /** A 200 that is not JSON: something else than the lab's service answers there (another program, a proxy). */
    public static LabRefused notJson(String request, String body) {
        return new LabRefused(request, 200, Optional.empty(), "not JSON: " + summary(body));
    }

    public int status() {
        return status;
    }

    /** The setting the service named as the one at fault, where it named one. */
    public Optional<String> field() {
        return field;
    }

    /** What the service said, on one line of at most 160 characters. */
    public String reason() {
        return reason;
    }

    private static Optional<JsonNode> problem(String body) {
        try {
            return Optional.of(JSON.readTree(body)).filter(JsonNode::isObject);
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }

    /** A problem's detail (or a Spring error's {@code error}); else a summary of the page or text. */
    private static String reason(String body) {
        Optional<JsonNode> problem = problem(body);
        if (problem.isPresent()) {
            return List.of("detail", "title", "error").stream().map(key -> problem.get().path(key))
                    .filter(JsonNode::isString).map(JsonNode::asString).findFirst().map(LabRefused::oneLine)
                    .orElseGet(() -> oneLine(body));
        }
        return summary(body);
    }

    /** The text of an HTML page without its tags (Tomcat's, a proxy's), else its title; or the text as it came. */
    private static String summary(String body) {
        String text = oneLine(UNSHOWN.matcher(body).replaceAll(" "));
        Matcher title = TITLE.matcher(body);
        if (text.isEmpty() && title.find()) {
            text = oneLine(title.group(1));
        }
        return text.isEmpty() ? "an empty answer" : text;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= LONGEST_REASON ? line : line.substring(0, LONGEST_REASON - 1) + "…";
    }
}
