package lab.backpressure.consumer.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureScheduleTest {

    private final FailureSchedule schedule = new FailureSchedule();

    @ParameterizedTest(name = "rate {0}: {1} of 100")
    @CsvSource({"0, 0", "0.01, 1", "0.1, 10", "0.29, 29", "0.5, 50", "0.57, 57", "0.99, 99", "1, 100"})
    void exactlyTheRateOfAHundredItemsFail(double rate, int failures) {
        assertThat(failed(rate, 100)).hasSize(failures);
    }

    @Test
    void halfFailsEverySecondItem() {
        assertThat(failed(0.5, 10)).containsExactly(2, 4, 6, 8, 10);
    }

    @Test
    void failuresAreSpreadOutNotClumped() {
        assertThat(failed(0.3, 10)).containsExactly(4, 7, 10);
    }

    @Test
    void countingStartsAgainWhenTheRateChanges() {
        failed(0.5, 3);

        assertThat(failed(0.25, 8)).containsExactly(4, 8);
        assertThat(failed(0.25, 4)).as("the same rate again continues the count").containsExactly(4);
    }

    /** Which of the next {@code items} items (numbered from 1) fail at {@code rate}. */
    private List<Integer> failed(double rate, int items) {
        return IntStream.rangeClosed(1, items).filter(n -> schedule.nextFails(rate)).boxed().toList();
    }
}
