package lab.backpressure.producer.delivery.batch;

import java.time.Duration;
import java.util.Set;
import java.util.stream.LongStream;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.delivery.DeliveryResult;
import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveBatchSizingTest {

    private static final int BATCH_SIZE = 20;
    private static final long RTT_TARGET_MS = 1000;
    private static final Duration QUICK = Duration.ofMillis(150);
    private static final Duration SLOW = Duration.ofMillis(RTT_TARGET_MS + 1);
    private static final DeliveryResult THROTTLED =
            new DeliveryResult.Throttled(Duration.ofSeconds(1), "HTTP 429 from the consumer");

    private final TestSettings settings = TestSettings.of(
            new BatchSettings(AdaptiveBatchSizing.NAME, BATCH_SIZE, 0), new AdaptiveBatchSizing.RttTarget(RTT_TARGET_MS));
    private final AdaptiveBatchSizing sizing = new AdaptiveBatchSizing(settings);

    @Test
    void startsAtOneAndGrowsByOnePerQuickDeliveryWhileTheBacklogHoldsATargetsWorthUpToBatchSize() {
        assertThat(sizing.target()).isEqualTo(1);

        for (int expected = 2; expected <= BATCH_SIZE; expected++) {
            deliverFullBatch(QUICK, 100);
            assertThat(sizing.target()).isEqualTo(expected);
        }
        deliverFullBatch(QUICK, 100);

        assertThat(sizing.target()).as("never above batch_size").isEqualTo(BATCH_SIZE);
    }

    @Test
    void withoutABacklogOfATargetsWorthBehindTheBatchItHolds() {
        grow(5);

        deliverFullBatch(QUICK, 4);

        assertThat(sizing.target()).isEqualTo(5);
    }

    @Test
    void aRoundTripOverTheTargetTakesOneOffEvenUnderABacklog() {
        grow(10);

        deliverFullBatch(SLOW, 100);
        deliverFullBatch(SLOW, 100);

        assertThat(sizing.target()).isEqualTo(8);
    }

    @Test
    void aThrottleATimeoutOrA413HalvesItDownToOne() {
        grow(20);
        TakenBatch batch = batch(20, 100);

        sizing.answered(batch, THROTTLED, QUICK);
        assertThat(sizing.target()).isEqualTo(10);
        sizing.answered(batch, new DeliveryResult.TimedOut("java.net.http.HttpTimeoutException"), QUICK);
        assertThat(sizing.target()).isEqualTo(5);
        sizing.answered(batch, new DeliveryResult.TooLarge("HTTP 413 from the consumer"), QUICK);
        assertThat(sizing.target()).isEqualTo(2);
        sizing.answered(batch, THROTTLED, QUICK);
        sizing.answered(batch, THROTTLED, QUICK);

        assertThat(sizing.target()).as("never below one").isEqualTo(1);
    }

    @Test
    void aTakeTheQueueCouldNotFillHalvesItButAFullOneThatEmptiesTheQueueDoesNot() {
        grow(12);

        sizing.taken(batch(12, 0));
        assertThat(sizing.target()).as("exactly a target's worth was there").isEqualTo(12);
        sizing.taken(batch(5, 0));

        assertThat(sizing.target()).isEqualTo(6);
    }

    @Test
    void failedItemsAndRefusalsSayNothingAboutTheSize() {
        grow(6);
        TakenBatch batch = batch(6, 100);

        sizing.answered(batch, new DeliveryResult.PartlyDelivered(Set.of(1L), "1 of the 6 items failed"), QUICK);
        sizing.answered(batch, new DeliveryResult.Unavailable("HTTP 500 from the consumer"), QUICK);
        sizing.answered(batch, new DeliveryResult.Refused("HTTP 400 from the consumer"), QUICK);

        assertThat(sizing.target()).isEqualTo(6);
    }

    @Test
    void aSmallerBatchSizeCapsItAtOnceAndARestartGoesBackToOne() {
        grow(15);

        settings.set(new BatchSettings(AdaptiveBatchSizing.NAME, 10, 0));
        assertThat(sizing.target()).isEqualTo(10);
        deliverFullBatch(QUICK, 100);
        assertThat(sizing.target()).isEqualTo(10);

        sizing.restart();

        assertThat(sizing.target()).isEqualTo(1);
    }

    @Test
    void theRoundTripTargetMustBePositiveAndAtMostAMinute() {
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            assertThat(validation.getValidator().validate(new AdaptiveBatchSizing.RttTarget(0))).isNotEmpty();
            assertThat(validation.getValidator().validate(new AdaptiveBatchSizing.RttTarget(60_001))).isNotEmpty();
            assertThat(validation.getValidator().validate(new AdaptiveBatchSizing.RttTarget(1))).isEmpty();
        }
    }

    /** Quick full batches under a deep backlog until the target is {@code target}. */
    private void grow(int target) {
        while (sizing.target() < target) {
            deliverFullBatch(QUICK, 100);
        }
        assertThat(sizing.target()).isEqualTo(target);
    }

    /** A take of a whole target's worth with {@code queuedBehind} left queued, delivered whole after {@code roundTrip}. */
    private void deliverFullBatch(Duration roundTrip, int queuedBehind) {
        TakenBatch batch = batch(sizing.target(), queuedBehind);
        sizing.taken(batch);
        sizing.answered(batch, DeliveryResult.Delivered.INSTANCE, roundTrip);
    }

    private static TakenBatch batch(int size, int queuedBehind) {
        return new TakenBatch(LongStream.rangeClosed(1, size)
                .mapToObj(id -> new TakenItem(new WorkItem(id, 0, 0, WorkItem.NO_DEADLINE, ItemPriority.SHEDDABLE, ""), 0,
                        queuedBehind, "unbounded"))
                .toList());
    }
}
