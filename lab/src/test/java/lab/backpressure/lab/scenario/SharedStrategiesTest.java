package lab.backpressure.lab.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenarios that compare the strategies of one shared file, instead of each keeping a copy of the list. */
class SharedStrategiesTest {

    private static final String STRATEGIES = """
            strategies:
              - name: bounded
                summary: a bounded FIFO of 100
                traits: [bounded]
                steps:
                  - producer: /admin/config
                    body: {queue_mode: bounded, max_queue_size: 100}
              - name: adaptive
                traits: [bounded, adaptive, lossless]
                steps:
                  - producer: /admin/config
                    body: {queue_mode: adaptive}
            """;
    private static final String PHASES = """
            phases:
              - name: overload
                duration: 10s
            """;

    @TempDir
    Path scenarios;

    @Test
    void readsTheStrategiesOfTheFileItNamesWithThatFilesLines() throws IOException {
        Path shared = write("strategies.yaml", STRATEGIES);

        Scenario scenario = ScenarioReader.read(write("standard.yaml", "title: t\nstrategies: strategies.yaml\n" + PHASES));

        assertThat(scenario.strategies()).extracting(Strategy::name).containsExactly("bounded", "adaptive");
        Strategy adaptive = scenario.strategies().get(1);
        assertThat(adaptive.file()).isEqualTo(shared);
        assertThat(adaptive.line()).isEqualTo(8);
        assertThat(adaptive.steps().getFirst().line()).isEqualTo(11);
        assertThat(adaptive.promises("lossless")).isTrue();
        assertThat(scenario.strategies().getFirst().promises("lossless")).isFalse();
    }

    @Test
    void aStrategiesFileThatIsNotUtf8IsRefusedNamingItAndTheLineOfItsFirstForeignByte() throws IOException {
        Path shared = scenarios.resolve("strategies.yaml");
        Files.writeString(shared, STRATEGIES.replace("a bounded FIFO", "a bounded FIFO, café"),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        Path standard = write("standard.yaml", "title: t\nstrategies: strategies.yaml\n" + PHASES);

        assertThatThrownBy(() -> ScenarioReader.read(standard)).isInstanceOfSatisfying(ScenarioException.class,
                refusal -> assertThat(refusal.getMessage()).startsWith(shared + ":3: not UTF-8 text (byte 0xe9"));
    }

    @Test
    void aFileThatCannotBeReadIsRefusedNamingIt() {
        // a directory: as root, a file without read permission would still be read
        assertThatThrownBy(() -> ScenarioReader.read(scenarios)).isInstanceOfSatisfying(ScenarioException.class,
                refusal -> assertThat(refusal.getMessage()).startsWith(scenarios + ": cannot be read: "));
    }

    @Test
    void choosesSomeOfThemByName() throws IOException {
        write("strategies.yaml", STRATEGIES);

        Scenario scenario = ScenarioReader.read(write("smoke.yaml",
                "title: t\nstrategies: {from: strategies.yaml, only: [adaptive]}\n" + PHASES));

        assertThat(scenario.strategies()).extracting(Strategy::name).containsExactly("adaptive");
    }

    @Test
    void refusesAStrategyItDoesNotHave() throws IOException {
        write("strategies.yaml", STRATEGIES);
        Path smoke = write("smoke.yaml", "title: t\nstrategies:\n  from: strategies.yaml\n  only: [adaptive, unbounded]\n"
                + PHASES);

        assertThatThrownBy(() -> ScenarioReader.read(smoke)).isInstanceOfSatisfying(ScenarioException.class, refusal -> {
            assertThat(refusal.file()).isEqualTo(smoke);
            assertThat(refusal.line()).isEqualTo(4);
            assertThat(refusal.field()).isEqualTo("only");
            assertThat(refusal.getMessage()).contains("\"unbounded\"", "[bounded, adaptive]");
        });
    }

    @Test
    void refusesAMissingFileAndNamesTheScenariosLine() throws IOException {
        Path standard = write("standard.yaml", "title: t\nstrategies: strategys.yaml\n" + PHASES);

        assertThatThrownBy(() -> ScenarioReader.read(standard)).isInstanceOfSatisfying(ScenarioException.class,
                refusal -> {
                    assertThat(refusal.line()).isEqualTo(2);
                    assertThat(refusal.getMessage()).contains("strategys.yaml");
                });
    }

    @Test
    void refusesAMisspeltTraitInTheSharedFileWithItsLine() throws IOException {
        refusedInTheSharedFile(STRATEGIES.replace("traits: [bounded]", "traits: [bonded]"), 4, "traits");
    }

    @Test
    void refusesTwoStrategiesOfOneName() throws IOException {
        refusedInTheSharedFile(STRATEGIES.replace("name: adaptive", "name: bounded"), 8, "name");
    }

    private void refusedInTheSharedFile(String strategies, int line, String field) throws IOException {
        Path shared = write("strategies.yaml", strategies);
        Path standard = write("standard.yaml", "title: t\nstrategies: strategies.yaml\n" + PHASES);

        assertThatThrownBy(() -> ScenarioReader.read(standard)).isInstanceOfSatisfying(ScenarioException.class,
                refusal -> {
                    assertThat(refusal.file()).isEqualTo(shared);
                    assertThat(refusal.line()).isEqualTo(line);
                    assertThat(refusal.field()).isEqualTo(field);
                });
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(scenarios.resolve(name), text);
    }
}
