package lab.backpressure.producer.produce;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.config.ProducerLimits;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.producer.generator.ProductionSettings;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.mode.Admission;
import lab.backpressure.support.problem.InvalidFieldException;
import org.springframework.stereotype.Component;

/**
 * {@code POST /produce}: a burst of items created at once and offered through the current queue mode. The
 * burst is capped in count and in payload bytes, since all of it is allocated inside one request.
 */
@Component
class BurstProducer {

    private final Settings settings;
    private final ProducerLimits limits;
    private final ItemFactory items;
    private final ItemLedger ledger;

    BurstProducer(Settings settings, ProducerLimits limits, ItemFactory items, ItemLedger ledger) {
        this.settings = settings;
        this.limits = limits;
        this.items = items;
        this.ledger = ledger;
    }

    BurstResult produce(Integer count) {
        ProductionSettings making = settings.get(ProductionSettings.class);
        int payloadBytes = making.payloadBytes();
        requireValid(count, payloadBytes);
        int accepted = 0;
        int rejected = 0;
        int dropped = 0;
        for (int i = 0; i < count; i++) {
            switch (ledger.offerBurstItem(items.create(payloadBytes, making.clientDeadlineMs()))) {
                case Admission.Accepted taken -> {
                    accepted++;
                    dropped += taken.evicted();
                }
                case Admission.Rejected _ -> rejected++;
            }
        }
        return new BurstResult(count, accepted, rejected, dropped);
    }

    private void requireValid(Integer count, int payloadBytes) {
        if (count == null || count < 1 || count > limits.burstCount()) {
            throw new InvalidFieldException("count",
                    "count must be between 1 and %d, was %s".formatted(limits.burstCount(), count));
        }
        long burstBytes = (long) count * payloadBytes;
        if (burstBytes > limits.burstBytes().toBytes()) {
            throw new InvalidFieldException("count", ("count %d x payload_bytes %d = %d bytes is more than a burst may "
                    + "allocate (%d bytes)").formatted(count, payloadBytes, burstBytes, limits.burstBytes().toBytes()));
        }
    }
}
