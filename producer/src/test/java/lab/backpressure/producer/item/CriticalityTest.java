package lab.backpressure.producer.item;

import java.util.stream.LongStream;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CriticalityTest {

    @Test
    void marksTheShareEvenlyByItemId() {
        assertThat(critical(new Criticality(0.25), 12)).containsExactly(4, 8, 12);
        assertThat(critical(new Criticality(0.4), 10)).containsExactly(3, 5, 8, 10);
        assertThat(critical(new Criticality(0), 1000)).isEmpty();
        assertThat(critical(new Criticality(1), 1000)).hasSize(1000);
        assertThat(critical(new Criticality(0.1), 1000)).hasSize(100);
    }

    @Test
    void theShareIsBetweenZeroAndOne() {
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            for (double refused : new double[] {-0.1, 1.5}) {
                assertThat(validation.getValidator().validate(new Criticality(refused)))
                        .extracting(violation -> violation.getPropertyPath().toString())
                        .containsExactly("criticalShare");
            }
        }
    }

    private static long[] critical(Criticality criticality, long items) {
        return LongStream.rangeClosed(1, items)
                .filter(id -> criticality.priorityOf(id) == ItemPriority.CRITICAL)
                .toArray();
    }
}
