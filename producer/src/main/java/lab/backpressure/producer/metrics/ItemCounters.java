package lab.backpressure.producer.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import lab.backpressure.producer.queue.AttemptOutcome;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.Totals;
import lab.backpressure.producer.mode.DropReason;
import lab.backpressure.producer.mode.RejectionReason;
import org.springframework.stereotype.Component;

/**
 * The ledger's counts as Prometheus counters ({@code producer_items_*_total},
 * {@code producer_delivery_failures_total}), read from the ledger itself so the metrics and {@code /status}
 * can never disagree. Every rejection and drop reason is registered up front, so dashboards show 0, not
 * "No data", before the first one happens.
 */
@Component
class ItemCounters implements MeterBinder {

    private static final String REASON = "reason";

    private final Totals totals;

    ItemCounters(ItemLedger ledger) {
        this.totals = ledger.totals();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        count(registry, "producer.items.produced", "Items the producer created", Tags.empty(), Totals::produced);
        count(registry, "producer.items.enqueued", "Items the queue took in", Tags.empty(), Totals::enqueued);
        count(registry, "producer.items.sent", "Items the consumer accepted", Tags.empty(), Totals::sent);
        count(registry, "producer.items.good",
                "Items the consumer accepted by their client deadline (every accepted item when they carry none)",
                Tags.empty(), Totals::good);
        count(registry, "producer.items.failed", "Items the consumer refused for good (4xx other than 429)", Tags.empty(),
                Totals::failed);
        count(registry, "producer.delivery.failures",
                "Delivery attempts that failed and were retried (connection error, timeout, 5xx)", Tags.empty(),
                Totals::failedAttempts);
        count(registry, "producer.delivery.throttled",
                "Delivery attempts the consumer throttled (429 or 503 with Retry-After): kept and sent again later",
                Tags.empty(), Totals::throttled);
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            count(registry, "producer.delivery.attempts",
                    "Delivery attempts of items by how they ended (a batch of n items is n attempts)",
                    Tags.of("outcome", outcome.tag()), counts -> counts.attempts(outcome));
        }
        for (RejectionReason reason : totals.rejectionReasons()) {
            count(registry, "producer.items.rejected", "Items refused entry to the queue",
                    Tags.of(REASON, reason.tag()), counts -> counts.rejected(reason));
        }
        for (DropReason reason : totals.dropReasons()) {
            count(registry, "producer.items.dropped", "Queued items thrown away",
                    Tags.of(REASON, reason.tag()), counts -> counts.dropped(reason));
        }
    }

    private void count(MeterRegistry registry, String name, String description, Tags tags,
                       ToDoubleFunction<Totals> value) {
        FunctionCounter.builder(name, totals, value)
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
