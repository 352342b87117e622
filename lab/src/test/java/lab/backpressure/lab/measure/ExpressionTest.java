package lab.backpressure.lab.measure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExpressionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Three readings two seconds apart: 16 items produced and 4 sent per reading interval, the queue growing. */
    private static final List<Sample> WINDOW = List.of(
            reading(0, 100, 40, 10, "bounded"),
            reading(2, 116, 44, 22, "bounded"),
            reading(4, 132, 48, 34, "unbounded"));

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            rate(producer.totals.produced)                                   | 8
            delta(producer.totals.sent)                                      | 8
            max(producer.queue.size)                                         | 34
            min(producer.queue.size)                                         | 10
            mean(producer.queue.size)                                        | 22
            first(producer.totals.produced)                                  | 100
            last(consumer.capacity_per_second)                               | 2
            delta(producer.totals.sent) / delta(producer.totals.produced)    | 0.25
            rate(producer.totals.produced) - rate(producer.totals.sent) * 2  | 4
            (rate(producer.totals.produced) - rate(producer.totals.sent)) * 2 | 12
            -min(producer.queue.size) + 10.5                                 | 0.5
            """)
    void computesFiguresOverTheWindow(String expression, double expected) {
        assertThat((Double) Expression.parse(expression).evaluate(WINDOW)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void readsTextsForLastAndFirst() {
        assertThat(Expression.parse("first(producer.queue.mode)").evaluate(WINDOW)).isEqualTo("bounded");
        assertThat(Expression.parse("last(producer.queue.mode)").evaluate(WINDOW)).isEqualTo("unbounded");
    }

    @Test
    void countsAFlagAsOneWhenTrueAndZeroWhenFalse() {
        assertThat((Double) Expression.parse("mean(producer.queue.blocked)").evaluate(WINDOW)).isCloseTo(2 / 3.0,
                within(1e-9));
        assertThat(Expression.parse("last(producer.queue.blocked)").evaluate(WINDOW)).isEqualTo("true");
    }

    @Test
    void readsBackAsItIsWritten() {
        assertThat(Expression.parse("(delta(producer.totals.sent) + delta(producer.totals.throttled)) / 2.5"))
                .hasToString("(delta(producer.totals.sent) + delta(producer.totals.throttled)) / 2.5");
    }

    @Test
    void namesTheFieldsItReads() {
        assertThat(Expression.parse("delta(producer.totals.sent) / rate(consumer.processed)").fields())
                .extracting(Expression.Field::toString)
                .containsExactly("producer.totals.sent", "consumer.processed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            max(producer.queue.size                | expected ")" at column 24
            max(producer.queue.size) +             | the expression ends early
            median(producer.queue.size)            | "median" is not a function
            max(totals.sent)                       | not a status field
            max(producer.queue.size) max           | unexpected "max"
            """)
    void refusesWhatItCannotReadWithTheColumn(String expression, String problem) {
        assertThatThrownBy(() -> Expression.parse(expression))
                .isInstanceOf(MeasureException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void aMissingFieldOrATextInArithmeticIsAMeasureProblemNotACrash() {
        assertThatThrownBy(() -> Expression.parse("max(producer.queue.high_watermark)").evaluate(WINDOW))
                .isInstanceOf(MeasureException.class)
                .hasMessage("the producer's /status has no field queue.high_watermark");
        assertThatThrownBy(() -> Expression.parse("last(producer.queue.mode) * 2").evaluate(WINDOW))
                .isInstanceOf(MeasureException.class)
                .hasMessageContaining("cannot compute with the text \"unbounded\"");
        assertThatThrownBy(() -> Expression.parse("rate(producer.totals.sent)").evaluate(WINDOW.subList(0, 1)))
                .isInstanceOf(MeasureException.class)
                .hasMessageContaining("needs readings over some time");
    }

    private static Sample reading(double seconds, long produced, long sent, long size, String mode) {
        JsonNode producer = JSON.readTree("""
                {"queue": {"mode": "%s", "size": %d, "blocked": %b}, "totals": {"produced": %d, "sent": %d}}"""
                .formatted(mode, size, seconds > 0, produced, sent));
        JsonNode consumer = JSON.readTree("""
                {"capacity_per_second": 2, "processed": %d}""".formatted(sent));
        return new Sample(seconds, producer, consumer);
    }
}
