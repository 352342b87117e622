package lab.backpressure.consumer.processing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * What became of the items, as Prometheus counters read from {@link ProcessingLoad} itself, so the
 * metrics and {@code /status} cannot disagree. Every failure mode is registered up front, so dashboards
 * show 0, not "No data", before the first failure.
 */
@Component
class OutcomeCounters implements MeterBinder {

    private final ProcessingLoad load;

    OutcomeCounters(ProcessingLoad load) {
        this.load = load;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("consumer.items.processed", load, ProcessingLoad::processed)
                .description("Items processed since start")
                .register(registry);
        for (FailureMode mode : FailureMode.values()) {
            FunctionCounter.builder("consumer.requests.failed", load, counts -> counts.failed(mode))
                    .description("Items failed on purpose by failure injection (a /process request is one item)")
                    .tag("mode", mode.label())
                    .register(registry);
        }
    }
}
