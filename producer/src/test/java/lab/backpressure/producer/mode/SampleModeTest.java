package lab.backpressure.producer.mode;

import java.time.Clock;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SampleModeTest {

    private final ItemFactory items = Items.factory(Clock.systemUTC());
    private final TestSettings settings = TestSettings.of(new QueueBound(1000), new SampleMode.Sampling(5, 0.25));
    private final SampleMode mode = new SampleMode(settings);
    private final ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), mode);

    @Test
    void belowTheThresholdEveryItemIsTakenAboveItExactlyTheRateIsSpreadEvenly() {
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < 45; i++) {
            pattern.append(ledger.offer(items.create(1)) instanceof Admission.Accepted ? 'T' : '.');
        }

        // five under the threshold, then every fourth of the forty that arrive while sampling
        assertThat(pattern.toString()).isEqualTo("TTTTT" + "...T".repeat(10));
        assertThat(ledger.totals().rejected(SampleMode.SAMPLED)).isEqualTo(30);
        assertThat(ledger.snapshot().size()).isEqualTo(15);
        assertThat(mode.status()).containsEntry("sample_threshold", 5).containsEntry("sample_rate", 0.25);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void theBoundStaysAHardLimitAndBurstsFollowTheSameRule() {
        settings.set(new QueueBound(8)).set(new SampleMode.Sampling(5, 1.0));

        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            accepted += ledger.offerBurstItem(items.create(1)) instanceof Admission.Accepted ? 1 : 0;
        }

        assertThat(accepted).isEqualTo(8);
        assertThat(ledger.totals().rejected(RejectionReason.FULL)).isEqualTo(12);
        assertThat(ledger.totals().rejected(SampleMode.SAMPLED)).isZero();
        assertThat(mode.capacity()).hasValue(8);
    }
}
