package lab.backpressure.lab.run;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.backpressure.lab.scenario.Bound;
import lab.backpressure.lab.scenario.Expectation;
import lab.backpressure.lab.scenario.Phase;
import lab.backpressure.lab.scenario.Scale;
import lab.backpressure.lab.scenario.Step;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a scenario {@code speed} times faster than written: every duration divided by the speed, every rate
 * multiplied by it. Item counts (queue sizes, bursts, marks, shares) stay, so a compressed run shows the same
 * picture in less time. The services must start compressed the same way (the consumer's processing time and the
 * producer's rate), so that their reset state matches.
 *
 * <p>PromQL range windows are durations too and are divided ({@link #promql}).
 *
 * <p>Settings are scaled by name: every {@code *_ms} setting is a time, {@code breaker_window_s} too, and the
 * rates are listed here; a new rate setting must be added to {@link #RATES}.
 */
public record TimeScale(int speed) {

    public static final TimeScale REAL_TIME = new TimeScale(1);
    private static final Set<String> RATES = Set.of("production_rate", "rate_limit", "refill_per_second");
    /** A range selector or subquery: {@code [20s]}, {@code [1m:10s]}. */
    private static final Pattern PROMQL_RANGE = Pattern.compile("\\[\\s*([0-9]+[a-z]+)\\s*(?::\\s*([0-9]+[a-z]+)\\s*)?]");
    private static final Pattern PROMQL_DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");

    public TimeScale {
        if (speed < 1) {
            throw new IllegalArgumentException("speed must be at least 1, not " + speed);
        }
    }

    public Duration duration(Duration written) {
        return written.dividedBy(speed);
    }

    public Phase phase(Phase written) {
        return new Phase(written.name(), duration(written.duration()), duration(written.settle()),
                written.steps().stream().map(this::step).toList(),
                written.expectations().stream().map(this::expectation).toList(), written.checked(), written.line());
    }

    public Step step(Step written) {
        return new Step(written.service(), written.path(), written.body().map(this::settings), written.line());
    }

    public Expectation expectation(Expectation written) {
        Bound bound = switch (written.scale()) {
            case NONE -> written.bound();
            case RATE -> written.bound().scaled(speed);
            case TIME -> written.bound().scaled(1.0 / speed);
        };
        return new Expectation(written.that(), written.promql().map(this::promql), bound, written.scale(), written.why(),
                written.line());
    }

    /**
     * A PromQL query with its range windows divided like every other duration ({@code [20s]} is {@code [4s]} at
     * speed 5, and both parts of a subquery's {@code [1m:10s]}), so that it covers the compressed phase's window and
     * not five of them. Prometheus must then scrape as much more often (docs/scenarios.md).
     */
    public String promql(String written) {
        if (speed == 1) {
            return written;
        }
        Matcher range = PROMQL_RANGE.matcher(written);
        StringBuilder scaled = new StringBuilder();
        while (range.find()) {
            String step = range.group(2) == null ? "" : ":" + promqlDuration(range.group(2));
            range.appendReplacement(scaled, Matcher.quoteReplacement("[" + promqlDuration(range.group(1)) + step + "]"));
        }
        return range.appendTail(scaled).toString();
    }

    private String promqlDuration(String written) {
        Matcher duration = PROMQL_DURATION.matcher(written);
        if (!duration.matches()) {
            throw new IllegalArgumentException("not a PromQL duration such as 20s, 500ms or 1m: " + written);
        }
        long millis = Long.parseLong(duration.group(1)) * switch (duration.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        } / speed;
        return millis % 1000 == 0 ? millis / 1000 + "s" : Math.max(1, millis) + "ms";
    }

    private ObjectNode settings(ObjectNode written) {
        if (speed == 1) {
            return written;
        }
        ObjectNode scaled = written.deepCopy();
        for (String name : written.propertyNames()) {
            JsonNode value = written.get(name);
            if (!value.isNumber()) {
                continue;
            }
            scaleOf(name).ifPresent(scale -> {
                double figure = scale == Scale.RATE ? value.doubleValue() * speed : value.doubleValue() / speed;
                put(scaled, name, value.doubleValue() <= 0 ? value.doubleValue() : figure);
            });
        }
        return scaled;
    }

    /** Whole figures stay whole (a setting may be an integer), and a positive time never rounds down to 0. */
    private static void put(ObjectNode settings, String name, double figure) {
        if (figure == Math.rint(figure)) {
            settings.put(name, (long) figure);
        } else if (name.endsWith("_ms") || name.endsWith("_s")) {
            settings.put(name, Math.max(1, Math.round(figure)));
        } else {
            settings.put(name, figure);
        }
    }

    private static Optional<Scale> scaleOf(String setting) {
        if (RATES.contains(setting)) {
            return Optional.of(Scale.RATE);
        }
        if (setting.endsWith("_ms") || setting.equals("breaker_window_s")) {
            return Optional.of(Scale.TIME);
        }
        return Optional.empty();
    }
}
