package lab.backpressure.labtests.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile read as Docker reads it: continuation lines joined, comments dropped, one instruction
 * per entry, grouped into build stages.
 */
record Dockerfile(Path path, List<Stage> stages) {

    record Instruction(String keyword, String arguments) {
    }

    /** One FROM and the instructions after it, up to the next FROM. */
    record Stage(String baseImage, Optional<String> alias, List<Instruction> instructions) {

        List<String> arguments(String keyword) {
            return instructions.stream()
                    .filter(instruction -> instruction.keyword().equals(keyword))
                    .map(Instruction::arguments)
                    .toList();
        }

        Optional<String> last(String keyword) {
            List<String> all = arguments(keyword);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
        }

        /** The stage's environment: every ENV key=value pair, later ones winning. */
        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            for (String env : arguments("ENV")) {
                for (String pair : words(env)) {
                    String[] keyValue = pair.split("=", 2);
                    environment.put(keyValue[0], keyValue.length == 2 ? keyValue[1] : "");
                }
            }
            return environment;
        }
    }

    static Dockerfile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder pending = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && pending.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            String text = pending.append(trimmed).toString();
            pending.setLength(0);
            String[] keywordAndArguments = text.split("\\s+", 2);
            Instruction instruction = new Instruction(keywordAndArguments[0].toUpperCase(Locale.ROOT),
                    keywordAndArguments.length == 2 ? keywordAndArguments[1].strip() : "");
            if (instruction.keyword().equals("FROM")) {
                current = new ArrayList<>();
                stages.add(fromStage(instruction.arguments(), current));
            } else if (current == null) {
                throw new IllegalStateException(path + ": " + instruction.keyword() + " before the first FROM");
            } else {
                current.add(instruction);
            }
        }
        return new Dockerfile(path, List.copyOf(stages));
    }

    Stage finalStage() {
        return stages.getLast();
    }

    List<Instruction> allInstructions() {
        return stages.stream().flatMap(stage -> stage.instructions().stream()).toList();
    }

    private static Stage fromStage(String arguments, List<Instruction> instructions) {
        List<String> words = words(arguments).stream().filter(word -> !word.startsWith("--")).toList();
        Optional<String> alias = words.size() == 3 && words.get(1).equalsIgnoreCase("AS")
                ? Optional.of(words.get(2))
                : Optional.empty();
        return new Stage(words.getFirst(), alias, instructions);
    }

    /** Splits on blanks outside double quotes and drops the quotes, as Docker does for ENV and FROM. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
