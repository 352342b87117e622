package lab.backpressure.producer.testing;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import lab.backpressure.producer.delivery.batch.AdaptiveBatchSizing;
import lab.backpressure.producer.delivery.batch.BatchSettings;
import lab.backpressure.producer.delivery.batch.BatchSizings;
import lab.backpressure.producer.delivery.batch.Batching;
import lab.backpressure.producer.delivery.batch.FixedBatchSizing;

/** Batching for delivery tests, with every sizing registered and settings the test may change in place. */
public final class Batchings {

    /** The defaults: one item per request, no linger; 1 s as the adaptive sizing's round-trip target. */
    public static final BatchSettings ONE_ITEM = new BatchSettings(FixedBatchSizing.NAME, 1, 0);
    public static final AdaptiveBatchSizing.RttTarget RTT_TARGET = new AdaptiveBatchSizing.RttTarget(1000);

    private Batchings() {
    }

    /** Batching as {@code settings} say; they must hold a {@link BatchSettings} and an {@link AdaptiveBatchSizing.RttTarget}. */
    public static Batching batching(TestSettings settings, MeterRegistry registry) {
        return new Batching(settings, new BatchSizings(List.of(new FixedBatchSizing(settings),
                new AdaptiveBatchSizing(settings))), registry);
    }

    /** The handout's delivery: one item per request. */
    public static Batching oneItem(MeterRegistry registry) {
        return batching(TestSettings.of(ONE_ITEM, RTT_TARGET), registry);
    }
}
