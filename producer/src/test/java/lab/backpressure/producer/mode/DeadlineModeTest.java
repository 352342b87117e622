package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.MutableClock;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadlineModeTest {

    private static final long DEADLINE_MS = 500;

    private final MutableClock clock = new MutableClock();
    private final ItemFactory items = Items.factory(clock);
    private final TestSettings settings = TestSettings.of(new QueueBound(100), new DeadlineMode.Deadline(DEADLINE_MS));
    private final DeadlineMode mode = new DeadlineMode(settings);
    private final List<String> drops = new ArrayList<>();
    private final ItemLedger ledger = Ledgers.ledger(clock,
            (item, reason, at) -> drops.add(item.id() + ":" + reason.tag() + ":" + (at - item.enqueuedAt())), mode);

    @Test
    void anItemPastItsDeadlineAtTheHeadIsDroppedAsExpiredAndTheFreshOneIsSent() throws InterruptedException {
        ledger.offer(items.create(1));
        ledger.offer(items.create(1));
        clock.advance(Duration.ofMillis(400));
        ledger.offer(items.create(1));
        clock.advance(Duration.ofMillis(101));

        TakenItem taken = Ledgers.takeOne(ledger);

        assertThat(taken.item().id()).isEqualTo(3);
        assertThat(taken.queueWait()).isEqualTo(Duration.ofMillis(101));
        assertThat(ledger.totals().dropped(DeadlineMode.EXPIRED)).isEqualTo(2);
        assertThat(drops).containsExactly("1:expired:501", "2:expired:501");
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void aBatchNeverCarriesAnItemThatExpiredWhileTheBatchFilled() {
        ledger.offer(items.create(1));
        CompletableFuture<TakenBatch> lingering = CompletableFuture.supplyAsync(() -> {
            try {
                return ledger.take(3, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await("the take lingers for a fuller batch").during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
                .until(() -> !lingering.isDone());

        clock.advance(Duration.ofMillis(DEADLINE_MS + 1));
        ledger.offer(items.create(1));
        ledger.offer(items.create(1));
        ledger.offer(items.create(1));

        await().atMost(Duration.ofSeconds(5)).until(lingering::isDone);
        assertThat(lingering.join().workItems()).extracting(WorkItem::id).containsExactly(2L, 3L, 4L);
        assertThat(drops).containsExactly("1:expired:501");
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void anItemExactlyAtItsDeadlineIsStillSentAndTheQueueIsBounded() throws InterruptedException {
        settings.set(new QueueBound(2));
        ledger.offer(items.create(1));
        ledger.offer(items.create(1));
        assertThat(ledger.offer(items.create(1))).isEqualTo(new Admission.Rejected(RejectionReason.FULL));
        clock.advance(Duration.ofMillis(DEADLINE_MS));

        assertThat(Ledgers.takeOne(ledger).queueWait()).isEqualTo(Duration.ofMillis(DEADLINE_MS));
        assertThat(ledger.totals().dropped()).isZero();
        assertThat(mode.status()).containsEntry("deadline_ms", DEADLINE_MS);
    }

    @Test
    void whileNothingIsTakenAFullQueueOfExpiredItemsMakesRoomForFreshOnes() {
        settings.set(new QueueBound(2));
        ledger.offer(items.create(1));
        ledger.offer(items.create(1));
        clock.advance(Duration.ofMillis(DEADLINE_MS + 1));

        assertThat(ledger.offer(items.create(1))).as("taken in, the two expired ones dropped to make room")
                .isEqualTo(new Admission.Accepted(2));

        assertThat(ledger.totals().dropped(DeadlineMode.EXPIRED)).isEqualTo(2);
        assertThat(ledger.totals().rejected()).isZero();
        assertThat(ledger.snapshot().size()).isEqualTo(1);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void theDeadlineMustBePositiveAndAtMostAnHour() {
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            Validator validator = validation.getValidator();

            assertThat(validator.validate(new DeadlineMode.Deadline(0))).hasSize(1);
            assertThat(validator.validate(new DeadlineMode.Deadline(-5))).hasSize(1);
            assertThat(validator.validate(new DeadlineMode.Deadline(3_600_001))).hasSize(1);
            assertThat(validator.validate(new DeadlineMode.Deadline(3_600_000))).isEmpty();
        }
    }
}
