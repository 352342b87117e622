package lab.backpressure.lab.scenario;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A YAML document as a JSON tree that remembers the line of every node, so that a refusal can name the line a
 * learner has to fix. Jackson's tree model forgets locations, hence this small builder over its token stream.
 */
public final class LocatedYaml {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path file;
    private final JsonNode root;
    /** Per node instance: two equal scalars on different lines are different nodes. */
    private final Map<JsonNode, Integer> lines;

    private LocatedYaml(Path file, JsonNode root, Map<JsonNode, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    /** Reads {@code text}, refusing what is not YAML with the line the parser stopped at. */
    public static LocatedYaml parse(Path file, String text) {
        Map<JsonNode, Integer> lines = new IdentityHashMap<>();
        try (JsonParser parser = YAML.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new ScenarioException(file, 1, null, "the file is empty");
            }
            JsonNode root = read(parser, lines);
            return new LocatedYaml(file, root, lines);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            throw new ScenarioException(file, line, null, "not valid YAML: " + e.getOriginalMessage());
        }
    }

    public Path file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** The line {@code node} starts on; the file's first line for a node that is not from this file. */
    public int lineOf(JsonNode node) {
        return lines.getOrDefault(node, 1);
    }

    private static JsonNode read(JsonParser parser, Map<JsonNode, Integer> lines) {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        JsonNode node = switch (token) {
            case START_OBJECT -> readObject(parser, lines);
            case START_ARRAY -> readArray(parser, lines);
            case VALUE_STRING -> NODES.stringNode(parser.getString());
            case VALUE_NUMBER_INT -> NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("unexpected YAML token " + token);
        };
        lines.put(node, line);
        return node;
    }

    private static ObjectNode readObject(JsonParser parser, Map<JsonNode, Integer> lines) {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.set(name, read(parser, lines));
        }
        return object;
    }

    private static ArrayNode readArray(JsonParser parser, Map<JsonNode, Integer> lines) {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(read(parser, lines));
        }
        return array;
    }
}
