package lab.backpressure.consumer.processing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * What became of the items and requests, as Prometheus counters read from {@link ProcessingLoad} and the
 * {@link WaitingRoom} themselves, so the metrics and {@code /status} cannot disagree. Every failure mode
 * and priority is registered up front, so dashboards show 0, not "No data", before the first one.
 */
@Component
class OutcomeCounters implements MeterBinder {

    private final ProcessingLoad load;
    private final WaitingRoom waitingRoom;

    OutcomeCounters(ProcessingLoad load, WaitingRoom waitingRoom) {
        this.load = load;
        this.waitingRoom = waitingRoom;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("consumer.items.processed", load, ProcessingLoad::processed)
                .description("Items processed since start")
                .register(registry);
        // a counter of its own rather than a label on processed: every query of processed stays as it was
        FunctionCounter.builder("consumer.items.processed.late", load, ProcessingLoad::late)
                .description("Items processed after their deadline (wasted work); a part of consumer_items_processed")
                .register(registry);
        // wasted work in time, not items: a late item is likelier a long draw; the share of consumer_processing_seconds
        for (DeadlinePassed when : DeadlinePassed.values()) {
            FunctionCounter.builder("consumer.processing.late", load, counts -> counts.lateSeconds(when))
                    .description("Time spent processing items answered after their deadline (wasted work), by"
                            + " whether it passed before their processing began or while it went on")
                    .baseUnit("seconds")
                    .tag("deadline_passed", when.label())
                    .register(registry);
        }
        FunctionCounter.builder("consumer.items.expired", load, ProcessingLoad::expired)
                .description("Items answered expired unprocessed (drop_expired): past their deadline at their turn")
                .register(registry);
        for (FailureMode mode : FailureMode.values()) {
            FunctionCounter.builder("consumer.requests.failed", load, counts -> counts.failed(mode))
                    .description("Items failed on purpose by failure injection (a /process request is one item)")
                    .tag("mode", mode.label())
                    .register(registry);
        }
        for (Priority priority : Priority.values()) {
            FunctionCounter.builder("consumer.requests.shed", waitingRoom, room -> room.shed(priority))
                    .description("Requests answered 429 because the waiting places for their priority were taken")
                    .tag("priority", priority.label())
                    .register(registry);
        }
    }
}
