package lab.backpressure.producer.delivery.batch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import lab.backpressure.producer.delivery.BatchPort;
import lab.backpressure.producer.delivery.DeliveryPolicy;
import lab.backpressure.producer.delivery.DeliveryResult;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Batching as a delivery policy: it tells a worker how many items to take at once ({@link #target()}, from the
 * {@link BatchSizing} that {@code batching} chooses) and how long to linger for them, and it watches every attempt
 * through {@link #send}, so the sizing can learn from round trips and answers. A batch costs the consumer its fixed
 * overhead once: n items take overhead + n × processing time, so capacity grows with n towards 1000 ÷ processing ms.
 * <p>
 * {@code /status.delivery} shows {@code batching}, {@code batch_size}, {@code batch_linger_ms}, {@code batch_target}
 * and {@code last_batch_size}; Prometheus {@code producer_batch_size} (histogram of the items in each request sent)
 * and {@code producer_batch_target}.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 1) // just outside the circuit breaker: its round trips are the consumer's
public final class Batching implements DeliveryPolicy, BatchPort {

    private final Settings settings;
    private final BatchSizings sizings;
    private final DistributionSummary batchSizes;
    private volatile int lastBatchSize;

    public Batching(Settings settings, BatchSizings sizings, MeterRegistry registry) {
        this.settings = settings;
        this.sizings = sizings;
        this.batchSizes = DistributionSummary.builder("producer.batch.size")
                .description("Items in each request sent to the consumer (1: a single item to /process)")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue((double) BatchSettings.MAX_BATCH_SIZE)
                .register(registry);
        Gauge.builder("producer.batch.target", this, Batching::target)
                .description("The most items the next take for delivery may hold")
                .register(registry);
    }

    @Override
    public int target() {
        return sizing().target();
    }

    @Override
    public Duration linger() {
        return settings.get(BatchSettings.class).linger();
    }

    @Override
    public void taken(TakenBatch batch) {
        sizing().taken(batch);
    }

    @Override
    public DeliveryResult send(TakenBatch taken, Next next) throws InterruptedException {
        long start = System.nanoTime();
        DeliveryResult result = next.send(taken);
        if (!(result instanceof DeliveryResult.NotSent)) {
            lastBatchSize = taken.size();
            batchSizes.record(taken.size());
            sizing().answered(taken, result, Duration.ofNanos(System.nanoTime() - start));
        }
        return result;
    }

    @Override
    public Map<String, Object> status() {
        BatchSettings batch = settings.get(BatchSettings.class);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("batching", batch.batching());
        fields.put("batch_size", batch.batchSize());
        fields.put("batch_linger_ms", batch.batchLingerMs());
        fields.put("batch_target", target());
        fields.put("last_batch_size", lastBatchSize);
        return fields;
    }

    /** Another sizing, or new batching settings: the chosen sizing starts afresh. */
    @EventListener
    void settingsChanged(SettingsChanged change) {
        if (change.changed(BatchSettings.class)) {
            sizing().restart();
        }
    }

    private BatchSizing sizing() {
        return sizings.chosenIn(settings);
    }
}
