package lab.backpressure.labtests.benchmark.strategy;

import java.util.Optional;

import lab.backpressure.lab.measure.Sample;
import lab.backpressure.labtests.support.StatusFields;

/**
 * One reading of a strategy's run: both services' {@code /status} as the engine read them ({@code status.seconds()}
 * into the phase), {@code runSeconds} into the strategy's run, and, about once a second and at the edges of each
 * phase's window, both Prometheus scrapes.
 */
record Reading(double runSeconds, Sample status, Optional<Scrapes> scrapes) {

    double phaseSeconds() {
        return status.seconds();
    }

    /** Items the consumer processed by their client deadline; all it processed where items carry no deadline. */
    long good() {
        return StatusFields.whole(status.consumer(), status.consumer().has("good") ? "/good" : "/processed");
    }

    /** Items the consumer processed after their deadline: wasted work. */
    long late() {
        return StatusFields.whole(status.consumer(), "/late");
    }

    long queueSize() {
        return StatusFields.whole(status.producer(), "/queue/size");
    }

    double queueMib() {
        return StatusFields.decimal(status.producer(), "/queue/memory_mb");
    }

    long total(String name) {
        return StatusFields.whole(status.producer(), "/totals/" + name);
    }
}
