package lab.backpressure.labtests.observability;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough PromQL handling to run a dashboard's queries outside Grafana. */
final class PromQl {

    /**
     * What Grafana puts in place of its built-in variables for a 15-minute dashboard on a data
     * source scraped every 5 s ($__rate_interval is at least four scrape intervals; 30s is what
     * Grafana picks for a typical panel width).
     */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "__rate_interval", "30s",
            "__interval", "5s",
            "__range", "15m",
            "__range_s", "900",
            "__range_ms", "900000");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern DURATIONS = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    private PromQl() {
    }

    /** The query as Grafana sends it; a variable it does not know about is an error, not a silent miss. */
    static String withGrafanaVariables(String expr) {
        Matcher matcher = VARIABLE.matcher(expr);
        StringBuilder substituted = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            String value = GRAFANA_VARIABLES.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown Grafana variable $" + name + " in " + expr
                        + ": teach PromQl.GRAFANA_VARIABLES its value");
            }
            matcher.appendReplacement(substituted, value);
        }
        return matcher.appendTail(substituted).toString();
    }

    /** The metric names an expression selects (function names, keywords and label names left out). */
    static Set<String> metricNames(String expr) {
        String bare = STRINGS.matcher(expr).replaceAll("\"\"");
        bare = LABEL_MATCHERS.matcher(bare).replaceAll(" ");
        bare = DURATIONS.matcher(bare).replaceAll(" ");
        bare = LABEL_LISTS.matcher(bare).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String name = identifier.group();
            boolean isFunction = bare.substring(identifier.end()).stripLeading().startsWith("(");
            boolean isAggregationModifier = name.equals("by") || name.equals("without");
            if (!isFunction && !isAggregationModifier && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}
