package lab.backpressure.producer.delivery.batch;

import java.time.Duration;
import java.util.List;

import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.delivery.DeliveryResult;
import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FixedBatchSizingTest {

    private final TestSettings settings = TestSettings.of(new BatchSettings(FixedBatchSizing.NAME, 20, 0));
    private final FixedBatchSizing sizing = new FixedBatchSizing(settings);

    @Test
    void theTargetIsBatchSizeWhateverHappens() {
        TakenBatch lone = new TakenBatch(List.of(new TakenItem(new WorkItem(1, 0, 0, WorkItem.NO_DEADLINE, ItemPriority.SHEDDABLE, ""), 0,
                0, "unbounded")));

        sizing.taken(lone);
        sizing.answered(lone, new DeliveryResult.Throttled(Duration.ofSeconds(1), "HTTP 429 from the consumer"),
                Duration.ofSeconds(2));

        assertThat(sizing.target()).isEqualTo(20);
        settings.set(new BatchSettings(FixedBatchSizing.NAME, 7, 0));
        assertThat(sizing.target()).as("read live").isEqualTo(7);
    }
}
