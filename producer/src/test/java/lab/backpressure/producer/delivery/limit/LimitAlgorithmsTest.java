package lab.backpressure.producer.delivery.limit;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.netflix.concurrency.limits.Limit;
import lab.backpressure.producer.testing.TestSettings;
import lab.backpressure.support.problem.InvalidFieldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each algorithm as the lab configures it: where it starts, and which way a sample moves it. */
class LimitAlgorithmsTest {

    private static final long FAST = TimeUnit.MILLISECONDS.toNanos(5);

    private final TestSettings settings = TestSettings.of(new FixedLimitAlgorithm.Concurrency(4),
            new LimitBounds(2, 1, 64), new AimdLimitAlgorithm.Aimd(0.9, 1000));

    @Test
    void fixedNeverMoves() {
        Limit limit = new FixedLimitAlgorithm().create(settings);

        limit.onSample(0, FAST, 4, true);

        assertThat(limit.getLimit()).isEqualTo(4);
    }

    @Test
    void aimdAddsOneWhenTheSlotsAreUsedAndMultipliesOnADropOrASlowAnswer() {
        Limit limit = new AimdLimitAlgorithm().create(settings);
        for (int i = 0; i < 8; i++) {
            limit.onSample(0, FAST, limit.getLimit(), false);
        }
        assertThat(limit.getLimit()).isEqualTo(10);

        limit.onSample(0, FAST, 10, true);
        assertThat(limit.getLimit()).isEqualTo(9);
        limit.onSample(0, TimeUnit.SECONDS.toNanos(2), 9, false);
        assertThat(limit.getLimit()).as("a round trip past aimd_timeout_ms is a drop").isEqualTo(8);
    }

    @Test
    void vegasShrinksWhenRoundTripsGrowFarAboveTheQuickest() {
        Limit limit = new VegasLimitAlgorithm().create(settings);
        for (int i = 0; i < 20; i++) {
            limit.onSample(0, FAST, limit.getLimit(), false);
        }
        int grown = limit.getLimit();
        for (int i = 0; i < 20; i++) {
            limit.onSample(0, FAST * 20, limit.getLimit(), false);
        }

        assertThat(grown).isGreaterThan(2);
        assertThat(limit.getLimit()).isLessThan(grown);
    }

    @Test
    void gradient2StartsAtTheInitialLimitAndIgnoresDrops() {
        Gradient2LimitAlgorithm gradient2 = new Gradient2LimitAlgorithm();

        assertThat(gradient2.create(settings).getLimit()).isEqualTo(2);
        assertThat(gradient2.learnsFromDrops()).isFalse();
        assertThat(new AimdLimitAlgorithm().learnsFromDrops()).isTrue();
    }

    @Test
    void deliveryLimitMustNameARegisteredAlgorithmAndBoundsMustBeInOrder() {
        LimitAlgorithms algorithms = new LimitAlgorithms(List.of(new FixedLimitAlgorithm(), new AimdLimitAlgorithm()));

        assertThatThrownBy(() -> algorithms.check(TestSettings.of(new LimitChoice("bbr"))))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        refused -> assertThat(refused.field()).isEqualTo("delivery_limit"));
        assertThatThrownBy(() -> new LimitBounds(2, 5, 4).check())
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        refused -> assertThat(refused.field()).isEqualTo("delivery_min_limit"));
        assertThatThrownBy(() -> new LimitBounds(9, 1, 8).check())
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        refused -> assertThat(refused.field()).isEqualTo("delivery_initial_limit"));
    }

    @Test
    void creditIgnoresRoundTripsAndDropsAndReadsOnlyAWholeNonNegativeHeader() {
        Limit limit = new CreditLimitAlgorithm().create(settings);
        limit.onSample(0, FAST, 1, false);
        limit.onSample(0, FAST, 1, true);

        assertThat(limit.getLimit()).as("one request before the first grant").isEqualTo(1);
        assertThat(CreditLimitAlgorithm.parse(" 3 ")).hasValue(3);
        assertThat(CreditLimitAlgorithm.parse("0")).hasValue(0);
        assertThat(CreditLimitAlgorithm.parse("-1")).isEmpty();
        assertThat(CreditLimitAlgorithm.parse("lots")).isEmpty();
        assertThat(CreditLimitAlgorithm.parse(null)).isEmpty();
    }
}
