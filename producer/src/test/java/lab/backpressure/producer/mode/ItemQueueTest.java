package lab.backpressure.producer.mode;

import java.time.Clock;

import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.testing.Items;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ItemQueueTest {

    private static final int PAYLOAD_BYTES = 16_384;

    private final ItemFactory items = Items.factory(Clock.systemUTC());
    private final ItemQueue queue = new ItemQueue();

    @Test
    void anItemCostsItsPayloadPlusTheDocumentedOverhead() {
        assertThat(ItemQueue.ITEM_OVERHEAD_BYTES).isEqualTo(120);
        assertThat(ItemQueue.footprint(items.create(PAYLOAD_BYTES))).isEqualTo(16_504);
        assertThat(ItemQueue.footprint(items.create(0))).isEqualTo(120);
    }

    @Test
    void memoryFollowsEveryAdditionAndRemoval() {
        queue.addLast(items.create(PAYLOAD_BYTES));
        queue.addLast(items.create(1000));
        assertThat(queue.memoryBytes()).isEqualTo(16_504 + 1_120);

        queue.pollFirst();
        assertThat(queue.memoryBytes()).isEqualTo(1_120);

        queue.addFirst(items.create(PAYLOAD_BYTES));
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.memoryBytes()).isEqualTo(16_504 + 1_120);
    }

    @Test
    void anItemPutBackIsNextInLine() {
        WorkItem first = items.create(1);
        WorkItem second = items.create(1);
        queue.addLast(first);
        queue.addLast(second);

        WorkItem taken = queue.pollFirst().orElseThrow();
        queue.addFirst(taken);

        assertThat(queue.pollFirst()).contains(first);
        assertThat(queue.pollFirst()).contains(second);
        assertThat(queue.pollFirst()).isEmpty();
    }

    @Test
    void clearRemovesEverythingAndCountsIt() {
        for (int i = 0; i < 25; i++) {
            queue.addLast(items.create(PAYLOAD_BYTES));
        }

        assertThat(queue.clear()).isEqualTo(25);
        assertThat(queue.size()).isZero();
        assertThat(queue.memoryBytes()).isZero();
        assertThat(queue.clear()).isZero();
    }

    @Test
    void everyItemOwnsItsPayload() {
        WorkItem one = items.create(PAYLOAD_BYTES);
        WorkItem other = items.create(PAYLOAD_BYTES);

        assertThat(one.payload()).isEqualTo(other.payload()).isNotSameAs(other.payload());
        assertThat(one.payloadBytes()).isEqualTo(PAYLOAD_BYTES);
        assertThat(other.id()).isEqualTo(one.id() + 1);
    }
}
