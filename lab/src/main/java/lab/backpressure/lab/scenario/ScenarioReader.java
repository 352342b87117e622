package lab.backpressure.lab.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.backpressure.lab.measure.Expression;
import lab.backpressure.lab.measure.MeasureException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a scenario file (the format is documented in docs/scenarios.md), refusing anything it does not know or
 * cannot run with the file, the line and the field: a typo must not silently turn into a check that never happens.
 * Whether a setting exists and is in range is the services' own business; {@code Preflight} asks them.
 */
public final class ScenarioReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");

    private final LocatedYaml yaml;

    private ScenarioReader(LocatedYaml yaml) {
        this.yaml = yaml;
    }

    public static Scenario read(Path file) {
        return read(file, text(file, file));
    }

    /**
     * The text of a scenario file read from {@code file} and named {@code shownAs} (a bundled exercise lives in the
     * jar). A file that cannot be read, or is not UTF-8 text (a binary file, or one saved in another encoding), is
     * refused naming it, and the line of the first byte that is not UTF-8, rather than read with replacement
     * characters or failing with a trace.
     */
    public static String text(Path file, Path shownAs) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new ScenarioException(shownAs, "cannot be read: permission denied");
        } catch (IOException e) {
            throw new ScenarioException(shownAs, "cannot be read: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in).toString();
        } catch (CharacterCodingException e) {
            // the decoder stops at the first byte it cannot decode
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new ScenarioException(shownAs, line, null, "not UTF-8 text (byte 0x%02x at offset %d); a scenario"
                    .formatted(bytes[at] & 0xff, at) + " file is YAML saved as UTF-8");
        }
    }

    public static Scenario read(Path file, String text) {
        return new ScenarioReader(LocatedYaml.parse(file, text)).scenario();
    }

    private Scenario scenario() {
        Fields top = fields(yaml.root(), "the file", Set.of("title", "summary", "doc", "compressible", "given",
                "strategies", "phases", "questions", "takeaways"));
        String name = yaml.file().getFileName().toString().replaceFirst("\\.ya?ml$", "");
        List<Phase> phases = top.list("phases", true, this::phase);
        if (phases.isEmpty()) {
            throw refusal(top.node, "phases", "a scenario needs at least one phase");
        }
        List<Strategy> strategies = strategies(top);
        checkedOnce(phases, top.node.get("phases"), strategies.isEmpty());
        return new Scenario(yaml.file(), name, top.text("title", true).orElseThrow(),
                top.text("summary", false).orElse(""), top.text("doc", false),
                top.flag("compressible", true), top.list("given", false, this::step), phases,
                strategies, top.list("questions", false, this::text),
                top.list("takeaways", false, this::text));
    }

    /**
     * {@code lab check N} checks one phase, the one where the lesson shows: an exercise marks exactly one
     * {@code check: true}. A benchmark scenario (one with strategies) is never checked by hand and may mark none.
     */
    private void checkedOnce(List<Phase> phases, JsonNode written, boolean exercise) {
        List<Phase> checked = phases.stream().filter(Phase::checked).toList();
        if (checked.size() > 1) {
            throw new ScenarioException(yaml.file(), checked.get(1).line(), "check", "a second phase marked check:"
                    + " true (the first is \"" + checked.getFirst().name() + "\" on line " + checked.getFirst().line()
                    + "); mark only the phase where the lesson shows, the one lab check checks");
        }
        if (checked.isEmpty() && exercise) {
            throw refusal(written, "check", "no phase is marked check: true; mark the phase where the lesson shows,"
                    + " the one lab check checks after the page's steps up to it");
        }
    }

    private Phase phase(JsonNode node) {
        Fields phase = fields(node, "a phase", Set.of("name", "duration", "settle", "steps", "expect", "check"));
        Duration duration = phase.duration("duration", true).orElseThrow();
        Duration settle = phase.duration("settle", false).orElse(Duration.ZERO);
        if (settle.compareTo(duration) >= 0) {
            throw refusal(phase.node.get("settle"), "settle", "must be shorter than the phase's duration " + duration);
        }
        return new Phase(phase.text("name", true).orElseThrow(), duration, settle, phase.list("steps", false, this::step),
                phase.list("expect", false, this::expectation), phase.flag("check", false), yaml.lineOf(node));
    }

    private Step step(JsonNode node) {
        Fields step = fields(node, "a step", Set.of("producer", "consumer", "body"));
        List<Service> addressed = java.util.Arrays.stream(Service.values())
                .filter(service -> step.node.has(service.key())).toList();
        if (addressed.size() != 1) {
            throw refusal(node, "producer/consumer",
                    "a step names exactly one service and its path, e.g. producer: /admin/config");
        }
        Service service = addressed.getFirst();
        String path = step.text(service.key(), true).orElseThrow();
        if (!path.startsWith("/")) {
            throw refusal(node.get(service.key()), service.key(), "the path must start with /, e.g. /admin/config");
        }
        Optional<ObjectNode> body = Optional.ofNullable(node.get("body")).map(json -> {
            if (!(json instanceof ObjectNode object)) {
                throw refusal(json, "body", "must be a JSON object of settings, e.g. {production_rate: 10}");
            }
            return object;
        });
        return new Step(service, path, body, yaml.lineOf(node));
    }

    /**
     * The strategies written in the file, or those of a shared strategies file it names, so that several scenarios
     * compare the same strategies without copies: {@code strategies: strategies.yaml}, or
     * {@code strategies: {from: strategies.yaml, only: [bounded, adaptive]}} for some of them.
     */
    private List<Strategy> strategies(Fields top) {
        JsonNode value = top.node.get("strategies");
        if (value == null || value.isNull() || value.isArray()) {
            return named(top.list("strategies", false, this::strategy));
        }
        if (value.isString()) {
            return shared(value, value.asString());
        }
        Fields reference = fields(value, "strategies", Set.of("from", "only"));
        List<Strategy> shared = shared(reference.node.get("from"), reference.text("from", true).orElseThrow());
        List<JsonNode> only = reference.list("only", true, node -> node);
        List<Strategy> chosen = new ArrayList<>();
        for (JsonNode name : only) {
            chosen.add(shared.stream().filter(strategy -> strategy.name().equals(name.asString())).findFirst()
                    .orElseThrow(() -> refusal(name, "only", "no strategy named \"" + name.asString() + "\" in "
                            + reference.node.get("from").asString() + "; it has "
                            + shared.stream().map(Strategy::name).toList())));
        }
        return List.copyOf(chosen);
    }

    private List<Strategy> shared(JsonNode reference, String name) {
        Path file = yaml.file().resolveSibling(name);
        if (!Files.isRegularFile(file)) {
            throw refusal(reference, "strategies", "no strategies file " + file + " (a name is read next to this file)");
        }
        ScenarioReader shared = new ScenarioReader(LocatedYaml.parse(file, text(file, file)));
        Fields top = shared.fields(shared.yaml.root(), "a strategies file", Set.of("strategies"));
        List<Strategy> strategies = named(top.list("strategies", true, shared::strategy));
        if (strategies.isEmpty()) {
            throw shared.refusal(top.node, "strategies", "a strategies file needs at least one strategy");
        }
        return strategies;
    }

    /** A strategy is chosen by its name, so two of one name would make the choice a guess. */
    private static List<Strategy> named(List<Strategy> strategies) {
        Set<String> names = new java.util.HashSet<>();
        for (Strategy strategy : strategies) {
            if (!names.add(strategy.name())) {
                throw new ScenarioException(strategy.file(), strategy.line(), "name",
                        "a second strategy named \"" + strategy.name() + "\"");
            }
        }
        return strategies;
    }

    private Strategy strategy(JsonNode node) {
        Fields strategy = fields(node, "a strategy", Set.of("name", "summary", "traits", "steps"));
        List<String> traits = strategy.list("traits", false, trait -> {
            if (!Strategy.TRAITS.contains(trait.asString())) {
                throw refusal(trait, "traits", "unknown trait \"" + trait.asString() + "\"; expected some of "
                        + Strategy.TRAITS.stream().sorted().toList());
            }
            return trait.asString();
        });
        return new Strategy(strategy.text("name", true).orElseThrow(), strategy.text("summary", false).orElse(""),
                traits, strategy.list("steps", false, this::step), yaml.file(), yaml.lineOf(node));
    }

    private Expectation expectation(JsonNode node) {
        Fields check = fields(node, "an expectation",
                Set.of("that", "promql", "at_least", "at_most", "between", "equals", "scale", "why"));
        Optional<Expression> that = check.text("that", false).map(text -> {
            try {
                Expression expression = Expression.parse(text);
                return expression;
            } catch (MeasureException e) {
                throw refusal(node.get("that"), "that", e.getMessage());
            }
        });
        Optional<String> promql = check.text("promql", false);
        if (that.isEmpty() && promql.isEmpty()) {
            throw refusal(node, "that", "an expectation needs a status figure (that:) or a PromQL query (promql:)");
        }
        Scale scale = check.text("scale", false).map(text -> {
            try {
                return Scale.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw refusal(node.get("scale"), "scale", "must be none, rate or time, not \"" + text + "\"");
            }
        }).orElse(Scale.NONE);
        return new Expectation(that, promql, bound(check), scale, check.text("why", true).orElseThrow(),
                yaml.lineOf(node));
    }

    private Bound bound(Fields check) {
        Optional<Double> atLeast = check.number("at_least");
        Optional<Double> atMost = check.number("at_most");
        Optional<String> equals = check.text("equals", false);
        JsonNode between = check.node.get("between");
        if (between != null) {
            if (!between.isArray() || between.size() != 2 || !between.get(0).isNumber() || !between.get(1).isNumber()
                    || between.get(0).doubleValue() > between.get(1).doubleValue()) {
                throw refusal(between, "between", "must be [low, high] with low ≤ high");
            }
            if (atLeast.isPresent() || atMost.isPresent()) {
                throw refusal(between, "between", "give either between or at_least/at_most, not both");
            }
            atLeast = Optional.of(between.get(0).doubleValue());
            atMost = Optional.of(between.get(1).doubleValue());
        }
        boolean numeric = atLeast.isPresent() || atMost.isPresent();
        if (numeric == equals.isPresent()) {
            throw refusal(check.node, "at_least/at_most/between/equals",
                    "an expectation needs exactly one kind of bound: at_least, at_most, between or equals");
        }
        return new Bound(atLeast, atMost, equals);
    }

    private String text(JsonNode node) {
        if (!node.isString()) {
            throw refusal(node, null, "expected a line of text");
        }
        return node.asString();
    }

    private Fields fields(JsonNode node, String what, Set<String> allowed) {
        if (!(node instanceof ObjectNode object)) {
            throw refusal(node, null, what + " must be a mapping of keys to values");
        }
        for (String key : object.propertyNames()) {
            if (!allowed.contains(key)) {
                throw refusal(object.get(key), key, "unknown key in " + what + "; expected one of "
                        + allowed.stream().sorted().toList());
            }
        }
        return new Fields(object);
    }

    private ScenarioException refusal(JsonNode node, String field, String problem) {
        return new ScenarioException(yaml.file(), node == null ? 1 : yaml.lineOf(node), field, problem);
    }

    /** The keys of one mapping, read with the refusals above. */
    private final class Fields {

        private final ObjectNode node;

        private Fields(ObjectNode node) {
            this.node = node;
        }

        Optional<String> text(String key, boolean required) {
            JsonNode value = present(key, required);
            if (value == null) {
                return Optional.empty();
            }
            if (!value.isString() && !value.isNumber()) {
                throw refusal(value, key, "must be text");
            }
            return Optional.of(value.asString());
        }

        boolean flag(String key, boolean otherwise) {
            JsonNode value = node.get(key);
            if (value == null) {
                return otherwise;
            }
            if (!value.isBoolean()) {
                throw refusal(value, key, "must be true or false");
            }
            return value.booleanValue();
        }

        Optional<Double> number(String key) {
            JsonNode value = node.get(key);
            if (value == null) {
                return Optional.empty();
            }
            if (!value.isNumber()) {
                throw refusal(value, key, "must be a number, not " + value);
            }
            return Optional.of(value.doubleValue());
        }

        Optional<Duration> duration(String key, boolean required) {
            JsonNode value = present(key, required);
            if (value == null) {
                return Optional.empty();
            }
            Matcher matcher = DURATION.matcher(value.asString().trim());
            if (!value.isString() || !matcher.matches()) {
                throw refusal(value, key, "must be a duration such as 30s, 500ms or 2m, not " + value);
            }
            double amount = Double.parseDouble(matcher.group(1));
            double millis = switch (matcher.group(2)) {
                case "ms" -> amount;
                case "s" -> amount * 1000;
                default -> amount * 60_000;
            };
            if (millis <= 0) {
                throw refusal(value, key, "must be longer than zero");
            }
            return Optional.of(Duration.ofMillis(Math.round(millis)));
        }

        <T> List<T> list(String key, boolean required, Function<JsonNode, T> element) {
            JsonNode value = present(key, required);
            if (value == null) {
                return List.of();
            }
            if (!value.isArray()) {
                throw refusal(value, key, "must be a list (lines starting with \"- \")");
            }
            List<T> elements = new ArrayList<>();
            value.forEach(item -> elements.add(element.apply(item)));
            return List.copyOf(elements);
        }

        private JsonNode present(String key, boolean required) {
            JsonNode value = node.get(key);
            if ((value == null || value.isNull()) && required) {
                throw refusal(node, key, "missing; this key is required here");
            }
            return value == null || value.isNull() ? null : value;
        }
    }
}
