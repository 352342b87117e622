package lab.backpressure.labtests.benchmark;

import java.util.Optional;

import lab.backpressure.lab.measure.Sample;

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
        return status.consumer().has("good") ? status.consumer().path("good").asLong()
                : status.consumer().path("processed").asLong();
    }

    /** Items the consumer processed after their deadline: wasted work. */
    long late() {
        return status.consumer().path("late").asLong();
    }

    long queueSize() {
        return status.producer().path("queue").path("size").asLong();
    }

    double queueMib() {
        return status.producer().path("queue").path("memory_mb").asDouble();
    }

    long total(String name) {
        return status.producer().path("totals").path(name).asLong();
    }
}
