package lab.backpressure.lab.scenario;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioReaderTest {

    private static final Path FILE = Path.of("exercises/99-test.yaml");
    private static final String GOOD = """
            title: A test
            given:
              - consumer: /admin/slow-down
                body: {factor: 5}
            phases:
              - name: fill
                duration: 40s
                settle: 500ms
                steps:
                  - producer: /admin/config
                    body: {queue_mode: bounded, max_queue_size: 100, sample_rate: 0.5}
                  - producer: /admin/clear-queue
                expect:
                  - that: rate(producer.totals.rejected)
                    between: [6, 9]
                    scale: rate
                    why: the excess is refused
                check: true
            """;

    @Test
    void readsPhasesStepsAndExpectationsWithTheirLines() {
        Scenario scenario = ScenarioReader.read(FILE, GOOD);

        assertThat(scenario.name()).isEqualTo("99-test");
        assertThat(scenario.compressible()).isTrue();
        assertThat(scenario.given()).singleElement().satisfies(step -> {
            assertThat(step.service()).isEqualTo(Service.CONSUMER);
            assertThat(step.line()).isEqualTo(3);
        });
        Phase phase = scenario.phases().getFirst();
        assertThat(phase.duration()).isEqualTo(Duration.ofSeconds(40));
        assertThat(phase.window()).isEqualTo(Duration.ofMillis(39_500));
        assertThat(scenario.steps()).extracting(Step::path).containsExactly("/admin/config", "/admin/clear-queue");
        Expectation expectation = phase.expectations().getFirst();
        assertThat(expectation.line()).isEqualTo(14);
        assertThat(expectation.bound().admits(7.5)).isTrue();
        assertThat(expectation.bound().admits(9.5)).isFalse();
        assertThat(expectation.scale()).isEqualTo(Scale.RATE);
    }

    @Test
    void showsEachStepAsTheHandoutsCurlCommand() {
        Scenario scenario = ScenarioReader.read(FILE, GOOD);

        assertThat(scenario.steps()).extracting(Step::curl).containsExactly("""
                curl -s -X POST http://localhost:8000/admin/config \\
                  -H "Content-Type: application/json" \\
                  -d '{"queue_mode": "bounded", "max_queue_size": 100, "sample_rate": 0.5}' | jq""",
                "curl -s -X POST http://localhost:8000/admin/clear-queue | jq");
    }

    /** Each row changes one line of the good file ({@code -} removes it) and names the refusal's line and field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unknown key                 | duration: 40s     | duraton: 40s          | 7  | duraton
            a missing duration             | duration: 40s     | -                     | 6  | duration
            a duration without a unit      | duration: 40s     | duration: 40          | 7  | duration
            a settle longer than the phase | settle: 500ms     | settle: 50s           | 8  | settle
            a body that is not an object   | body: {factor: 5} | body: 5               | 4  | body
            a step naming two services     | body: {factor: 5} | producer: /admin/config | 3 | producer/consumer
            an unknown function            | that: rate(       | that: mode(           | 14 | that
            a field of no service          | rate(producer.    | rate(                 | 14 | that
            no bound                       | between: [6, 9]   | -                     | 14 | at_least/at_most/between/equals
            a bound the wrong way round    | between: [6, 9]   | between: [9, 6]       | 15 | between
            a bad scale                    | scale: rate       | scale: fast           | 16 | scale
            no reason given                | why: the excess is refused | -            | 14 | why
            """)
    void refusesABadFileNamingTheLineAndTheField(String what, String line, String replacement, int lineNumber,
                                                 String field) {
        String bad = replacement.equals("-")
                ? GOOD.lines().filter(each -> !each.contains(line)).map(each -> each + "\n")
                        .collect(java.util.stream.Collectors.joining())
                : GOOD.replace(line, replacement);
        assertThat(bad).as("the row changes the file").isNotEqualTo(GOOD);

        assertThatThrownBy(() -> ScenarioReader.read(FILE, bad))
                .as(what)
                .isInstanceOfSatisfying(ScenarioException.class, refusal -> {
                    assertThat(refusal.line()).isEqualTo(lineNumber);
                    assertThat(refusal.field()).isEqualTo(field);
                    assertThat(refusal.getMessage()).startsWith(FILE + ":" + lineNumber + ": " + field + ": ");
                });
    }

    @Test
    void marksThePhaseLabCheckChecks() {
        Scenario scenario = ScenarioReader.read(FILE, GOOD + """
                  - name: put things back
                    duration: 5s
                """);

        assertThat(scenario.checkedPhase()).hasValue(0);
        assertThat(scenario.phases()).extracting(Phase::checked).containsExactly(true, false);
    }

    /** lab check checks one phase, where the lesson shows: an exercise marks exactly one, or it is refused. */
    @Test
    void refusesAnExerciseThatMarksNoPhaseOrTwoNamingTheLine() {
        String unmarked = GOOD.replace("    check: true\n", "");
        String twice = GOOD + """
                  - name: again
                    duration: 5s
                    check: true
                """;

        assertThatThrownBy(() -> ScenarioReader.read(FILE, unmarked))
                .isInstanceOfSatisfying(ScenarioException.class, refusal -> {
                    assertThat(refusal.line()).isEqualTo(6);
                    assertThat(refusal.getMessage()).startsWith(FILE + ":6: check: no phase is marked check: true");
                });
        assertThatThrownBy(() -> ScenarioReader.read(FILE, twice))
                .isInstanceOfSatisfying(ScenarioException.class, refusal -> assertThat(refusal.getMessage())
                        .startsWith(FILE + ":19: check: a second phase marked check: true (the first is \"fill\" on"
                                + " line 6)"));
        assertThatThrownBy(() -> ScenarioReader.read(FILE, GOOD.replace("check: true", "check: yes")))
                .isInstanceOfSatisfying(ScenarioException.class, refusal ->
                        assertThat(refusal.getMessage()).startsWith(FILE + ":18: check: must be true or false"));
    }

    @Test
    void refusesWhatIsNotYamlWithTheLine() {
        assertThatThrownBy(() -> ScenarioReader.read(FILE, "title: x\nphases: [\n  - name: {\n"))
                .isInstanceOfSatisfying(ScenarioException.class, refusal ->
                        assertThat(refusal.getMessage()).contains("not valid YAML"));
    }
}
