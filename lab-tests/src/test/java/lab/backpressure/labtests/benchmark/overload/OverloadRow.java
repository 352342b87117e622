package lab.backpressure.labtests.benchmark.overload;

import java.util.List;
import java.util.OptionalInt;

import lab.backpressure.labtests.benchmark.BucketQuantile;
import lab.backpressure.labtests.benchmark.QueueTheory;
import lab.backpressure.labtests.benchmark.overload.OverloadRecorder.Snapshot;
import lab.backpressure.labtests.benchmark.overload.OverloadRecorder.Window;
import tools.jackson.databind.JsonNode;

import static lab.backpressure.labtests.benchmark.ResultsReport.number;

/**
 * One row of the overload table: a strategy's window with {@code drop_expired} off or on, its figures computed from
 * the readings and scrapes at the window's two ends.
 *
 * @param capacity items per second the consumer can process: min(nominal, its ceiling measured in the same run)
 * @param inFlight the producer's requests in flight (its fixed delivery limit), which M/M/1/K's K counts
 */
record OverloadRow(String strategy, Window window, double capacity, int inFlight) {

    static final List<String> COLUMNS = List.of("strategy", "drop_expired", "capacity/s", "offered ÷ capacity", "goodput/s",
            "goodput ÷ capacity", "consumer busy", "wasted work", "of it begun past the deadline", "late ÷ processed", "expired/s",
            "dropped/s", "good p99 s", "refused", "M/M/1/K refused", "queue at end");
    static final String LATE_SECONDS = "consumer_processing_late_seconds_total";

    String dropExpired() {
        return window.end().sample().consumer().path("drop_expired").asString();
    }

    double offeredPerSecond() {
        return producerDelta("/totals/produced") / window.seconds();
    }

    double goodputPerSecond() {
        return consumerDelta("/good") / window.seconds();
    }

    double goodputOfCapacity() {
        return goodputPerSecond() / capacity;
    }

    /**
     * The consumer's processing time ÷ the window: under 1, it waited for work (the producer's round trips, or
     * answering expired items) or was not overloaded, whatever the calibration said.
     */
    double busyShare() {
        return processingSeconds() / window.seconds();
    }

    /** The consumer's time on late answers ÷ its processing time. */
    double wastedWork() {
        return (lateSeconds("before_start") + lateSeconds("while_processing")) / processingSeconds();
    }

    /** The part of {@link #wastedWork()} on items already past their deadline when their processing began. */
    double wastedBeforeStart() {
        return lateSeconds("before_start") / processingSeconds();
    }

    double lateShare() {
        return consumerDelta("/late") / consumerDelta("/processed");
    }

    double goodP99Seconds() {
        return BucketQuantile.quantile(0.99, BucketQuantile.delta("producer_good_item_latency_seconds",
                window.start().producer(), window.end().producer()));
    }

    double refusedShare() {
        return producerDelta("/totals/rejected") / producerDelta("/totals/produced");
    }

    /** The bound of a drop-tail FIFO (queue mode {@code bounded}); empty for every other mode. */
    OptionalInt bound() {
        JsonNode queue = window.end().sample().producer().path("queue");
        return queue.path("mode").asString().equals("bounded") ? OptionalInt.of(queue.path("max_size").asInt())
                : OptionalInt.empty();
    }

    /** M/M/1/K's blocking probability with λ the measured offer, μ the capacity, K the bound + the requests in flight. */
    double mm1kRefused() {
        return bound().isPresent()
                ? QueueTheory.mm1kBlocking(offeredPerSecond(), capacity, bound().getAsInt() + inFlight) : Double.NaN;
    }

    List<String> cells() {
        boolean dropTail = bound().isPresent();
        return List.of(strategy, dropExpired(), number(capacity, 1), number(offeredPerSecond() / capacity, 2), number(goodputPerSecond(), 1),
                number(goodputOfCapacity(), 2), number(busyShare(), 2), number(wastedWork(), 2), number(wastedBeforeStart(), 2),
                number(lateShare(), 2), number(consumerDelta("/expired") / window.seconds(), 1),
                number(producerDelta("/totals/dropped") / window.seconds(), 1), number(goodP99Seconds(), 3),
                dropTail ? number(refusedShare(), 3) : "–", dropTail ? number(mm1kRefused(), 3) : "–",
                Long.toString(window.end().sample().producer().path("queue").path("size").asLong()));
    }

    private double lateSeconds(String deadlinePassed) {
        return consumerMetric(LATE_SECONDS, "deadline_passed=\"" + deadlinePassed + "\"");
    }

    private double processingSeconds() {
        return consumerMetric("consumer_processing_seconds_sum");
    }

    private double consumerMetric(String name, String... labels) {
        return window.end().consumer().sum(name, labels) - window.start().consumer().sum(name, labels);
    }

    private double producerDelta(String pointer) {
        return delta(window.start(), window.end(), snapshot -> snapshot.sample().producer(), pointer);
    }

    private double consumerDelta(String pointer) {
        return delta(window.start(), window.end(), snapshot -> snapshot.sample().consumer(), pointer);
    }

    private static double delta(Snapshot start, Snapshot end, java.util.function.Function<Snapshot, JsonNode> service,
                                String pointer) {
        return service.apply(end).at(pointer).asDouble() - service.apply(start).at(pointer).asDouble();
    }
}
