package lab.backpressure.consumer.processing;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import lab.backpressure.support.settings.Settings;
import org.springframework.stereotype.Component;

/**
 * What turning requests away costs ({@code reject_cost_ms}): a real server spends CPU on every request it sheds
 * (reading it, deciding, answering 429), and that CPU is the capacity its work needs. The lab's model: each shed
 * request adds {@code reject_cost_ms} to a debt, and the next processing slot to be taken pays the whole debt
 * first, sleeping it out while holding the slot before it takes its own work. So N refusals cost N ×
 * {@code reject_cost_ms} of slot time, whichever slot pays, and shedding at a rate r takes r × cost of the
 * consumer's capacity: at r × cost ≥ concurrency, every slot does nothing but pay for refusals. A slot is always
 * about to be taken when requests are shed (they are shed because every slot is busy and the waiting room is
 * full), so the debt is paid as it grows. 0, the default, makes shedding free, as before.
 */
@Component
public class RejectionCost implements MeterBinder {

    private final Settings settings;
    private final AtomicLong owedMs = new AtomicLong();
    private final AtomicLong paidMs = new AtomicLong();

    RejectionCost(Settings settings) {
        this.settings = settings;
    }

    /** A request was turned away: its cost becomes owed. */
    void refused() {
        owedMs.addAndGet(settings.get(Shedding.class).rejectCostMs());
    }

    /** A slot was taken: it pays the whole debt now, answering how many milliseconds to spend on it. */
    long takeOwed() {
        long owed = owedMs.getAndSet(0);
        paidMs.addAndGet(owed);
        return owed;
    }

    /** Slot time spent on refusals so far, milliseconds. */
    public long paidMs() {
        return paidMs.get();
    }

    /** Refusals' cost not yet paid by a slot, milliseconds. */
    public long owedMs() {
        return owedMs.get();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("consumer.rejection.time", paidMs, ms -> ms.get() / 1000.0)
                .baseUnit("seconds")
                .description("Processing-slot time spent on turning requests away (reject_cost_ms per shed request)")
                .register(registry);
        Gauge.builder("consumer.rejection.owed", owedMs, ms -> ms.get() / 1000.0)
                .baseUnit("seconds")
                .description("Cost of shed requests not yet paid by a processing slot")
                .register(registry);
    }
}
