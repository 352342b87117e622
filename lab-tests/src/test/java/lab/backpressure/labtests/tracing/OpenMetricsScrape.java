package lab.backpressure.labtests.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.ServiceProcess;

/**
 * One scrape of a service's {@code /actuator/prometheus} in OpenMetrics, the format Prometheus asks for
 * and the only one that carries exemplars: {@code name{labels} value # {span_id="..",trace_id=".."} value ts}.
 */
record OpenMetricsScrape(List<Sample> samples) {

    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";

    /** A sample line; {@code exemplar} is empty when the line carries none. */
    record Sample(String name, String labels, double value, Optional<Exemplar> exemplar) {
    }

    /** The measurement behind one sample, with the span that was current when it was recorded. */
    record Exemplar(String traceId, String spanId, double value) {
    }

    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)(?:\\s+\\S+)?(?:\\s+#\\s+\\{([^}]*)}\\s+(\\S+).*)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
    private static final String HISTOGRAM_BUCKET = "_bucket";

    static OpenMetricsScrape of(ServiceProcess service) {
        LabHttp.Response response = LabHttp.get(service.baseUrl() + "/actuator/prometheus", OPENMETRICS);
        if (response.status() != 200 || !response.contentType().startsWith("application/openmetrics-text")) {
            throw new IllegalStateException("/actuator/prometheus answered " + response.status() + " "
                    + response.contentType() + ": " + response.body());
        }
        return new OpenMetricsScrape(response.body().lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(OpenMetricsScrape::sample)
                .toList());
    }

    /** Every sample that carries an exemplar. */
    List<Sample> withExemplars() {
        return samples.stream().filter(sample -> sample.exemplar().isPresent()).toList();
    }

    /** The exemplars on the buckets of {@code histogram} (its name without _bucket), one per bucket at most. */
    List<Exemplar> exemplars(String histogram) {
        return samples.stream()
                .filter(sample -> sample.name().equals(histogram + HISTOGRAM_BUCKET))
                .flatMap(sample -> sample.exemplar().stream())
                .toList();
    }

    /** How many observations {@code histogram} holds, from its _count line(s). */
    double count(String histogram) {
        return samples.stream().filter(sample -> sample.name().equals(histogram + "_count"))
                .mapToDouble(Sample::value).sum();
    }

    private static Sample sample(String line) {
        Matcher matcher = SAMPLE.matcher(line);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an OpenMetrics sample: " + line);
        }
        Optional<Exemplar> exemplar = Optional.ofNullable(matcher.group(4)).map(labels -> {
            Map<String, String> values = labels(labels);
            return new Exemplar(values.get("trace_id"), values.get("span_id"), number(matcher.group(5)));
        });
        return new Sample(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2),
                number(matcher.group(3)), exemplar);
    }

    /** OpenMetrics writes infinities as +Inf and -Inf, which Java does not parse. */
    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static Map<String, String> labels(String labels) {
        Map<String, String> values = new HashMap<>();
        Matcher label = LABEL.matcher(labels);
        while (label.find()) {
            values.put(label.group(1), label.group(2));
        }
        return values;
    }
}
