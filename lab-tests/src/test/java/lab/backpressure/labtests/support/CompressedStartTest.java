package lab.backpressure.labtests.support;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import lab.backpressure.lab.run.TimeScale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pictures' script (docs/exercises/pictures/draw.sh) starts the services compressed with its own copy of the
 * settings {@link CompressedStart} gives the whole-lab tests, in bash, where no Java runs: here the two are held
 * to the same properties and values, so a setting added to one cannot be missing from the other.
 */
class CompressedStartTest {

    private static final Path DRAW = Path.of(System.getProperty("lab.root", ".."), "docs/exercises/pictures/draw.sh");
    private static final int SPEED = 5;
    private static final Pattern ARGUMENT = Pattern.compile("--([^=]+)=(\\S+)");

    @ParameterizedTest
    @ValueSource(strings = {"consumer", "producer"})
    void theScriptStartsEachServiceWithTheSettingsTheTestsStartItWith(String service) throws Exception {
        ServiceProcess.Builder tests = service.equals("consumer")
                ? CompressedStart.consumer(new TimeScale(SPEED))
                : CompressedStart.producer(new TimeScale(SPEED));

        assertThat(settings(scriptArguments("compressed_" + service)))
                .as("%s's compressed start-up in %s against CompressedStart at speed %d", service, DRAW, SPEED)
                .isEqualTo(settings(tests.arguments()));
    }

    /** What the script's bash function prints at {@link #SPEED}, one argument a word. */
    private static List<String> scriptArguments(String function) throws IOException, InterruptedException {
        String script = Files.readString(DRAW);
        Matcher body = Pattern.compile("(?ms)^" + function + "\\(\\) \\{\\n.*?^}").matcher(script);
        assertThat(body.find()).as("the function %s in %s", function, DRAW).isTrue();
        Process bash = new ProcessBuilder("bash", "-c", "SPEED=" + SPEED + "\n" + body.group() + "\n" + function)
                .redirectErrorStream(true).start();
        String printed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(printed).isZero();
        return Arrays.asList(printed.strip().split("\\s+"));
    }

    /** Property to value, numbers compared as numbers (50 is 50.0) and a unit kept (20ms). */
    private static Map<String, String> settings(List<String> arguments) {
        return arguments.stream().map(ARGUMENT::matcher).peek(argument ->
                        assertThat(argument.matches()).as("an argument like --name=value").isTrue())
                .collect(Collectors.toMap(argument -> argument.group(1), argument -> number(argument.group(2))));
    }

    private static String number(String value) {
        Matcher number = Pattern.compile("([0-9.]+)(\\D*)").matcher(value);
        return number.matches() ? new BigDecimal(number.group(1)).stripTrailingZeros().toPlainString() + number.group(2)
                : value;
    }
}
