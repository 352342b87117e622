package lab.backpressure.labtests.benchmark.strategy;

import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.backpressure.labtests.benchmark.BucketQuantile;
import lab.backpressure.labtests.benchmark.Calibration;
import lab.backpressure.labtests.benchmark.ConsumerReading;
import lab.backpressure.labtests.benchmark.QueueTheory;
import lab.backpressure.labtests.benchmark.Settling;
import lab.backpressure.labtests.support.PrometheusScrape;
import lab.backpressure.labtests.support.StatusFields;

/**
 * What one strategy did in one phase, in the lab's time (the compressed run's seconds). Rates, ratios,
 * quantiles, heap slope, CPU and the theory checks are measured over the phase's window (after its settle
 * time); loss, peaks, settling and drain over the whole phase, loss from the end of the phase before, so the phases of a
 * run add up. NaN where a figure does not apply or had nothing to measure.
 *
 * @param offeredOfCapacity      the producer's production rate ÷ capacity
 * @param capacityPerSecond      the consumer's nominal capacity now × the calibration's share
 * @param goodputPerSecond       items processed by their client deadline, per second
 * @param latePerSecond          items processed after it: wasted work
 * @param lossByReason           items rejected or dropped by the producer, by reason, and {@code failed} (refused
 *                               for good by the consumer)
 * @param heapSlopeMibPerMinute  the producer's live heap after a full collection, end of window minus start, per minute
 * @param settlingSeconds        until goodput stayed within ±10 % of the phase's new steady goodput for 5 s
 * @param drainSeconds           until the queue was back to its baseline peak; 0 when it never left it
 * @param producerCpuCores       the producer's CPU time per second of the window
 * @param littleQueue            mean queue size over the window's readings: Little's L
 * @param littleRateTimesWait    rate through the queue × mean queue wait: Little's λW
 * @param blockingPredicted      M/M/1/K's share refused, for a {@code bounded} queue, with K its bound + requests in flight
 * @param blockingObserved       the share of produced items the bounded queue refused in the window
 */
record PhaseFigures(
        String strategy, String phase, int index, double windowSeconds, double processingSeconds, boolean outage,
        double nominalPerSecond, double offeredOfCapacity, double capacityPerSecond, double goodputPerSecond,
        double latePerSecond, SortedMap<String, Long> lossByReason,
        double queueWaitP50, double queueWaitP99, double endToEndP50, double endToEndP99, double goodP50, double goodP99,
        long peakQueue, double peakQueueMib, double heapSlopeMibPerMinute, double settlingSeconds, double drainSeconds,
        double producerCpuCores, double littleQueue, double littleRateTimesWait, double blockingPredicted,
        double blockingObserved) {

    static final String QUEUE_WAIT = "producer_queue_wait_seconds";
    static final String END_TO_END = "consumer_end_to_end_latency_seconds";
    /** The producer's latency of good answers; where the producer has no client deadlines, every answer is good. */
    static final String GOOD_LATENCY = "producer_good_item_latency_seconds";
    private static final Pattern REASON = Pattern.compile("reason=\"([^\"]+)\"");
    private static final Duration SETTLING_INTERVAL = Duration.ofSeconds(1);
    private static final Duration SETTLING_TAIL = Duration.ofSeconds(5);
    private static final Duration SETTLING_HOLD = Duration.ofSeconds(5);
    private static final double SETTLING_BAND = 0.1;
    private static final double NANOS = 1e9;

    double goodputOfCapacity() {
        return goodputPerSecond / capacityPerSecond;
    }

    long lost() {
        return lossByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Loss other than what a scenario's own clear-queue step removed, which no strategy chose. */
    long lostByTheStrategy() {
        return lost() - lossByReason.getOrDefault("cleared", 0L);
    }

    /**
     * @param drainLevel the queue size the phase drains back to: the baseline's peak for this strategy
     */
    static PhaseFigures of(StrategyRecord record, int index, Calibration calibration, double drainLevel) {
        PhaseRecord phase = record.phases().get(index);
        List<Reading> window = phase.window();
        Reading start = window.stream().filter(reading -> reading.scrapes().isPresent()).findFirst().orElseThrow();
        Reading end = window.getLast();
        Reading before = index == 0 ? phase.readings().getFirst() : record.phases().get(index - 1).readings().getLast();
        double seconds = end.phaseSeconds() - start.phaseSeconds();
        Scrapes first = start.scrapes().orElseThrow();
        Scrapes last = end.scrapes().orElseThrow();

        double nominal = mean(window, reading -> StatusFields.decimal(reading.status().consumer(), "/capacity_per_second"));
        double capacity = nominal * calibration.share();
        double processing = mean(window, reading ->
                StatusFields.decimal(reading.status().consumer(), "/effective_processing_time_ms")) / 1000;
        boolean outage = mean(window, reading -> StatusFields.decimal(reading.status().consumer(), "/failure_rate")) >= 1;
        double offered = mean(window, reading -> StatusFields.decimal(reading.status().producer(), "/production_rate"));

        var queueWait = BucketQuantile.delta(QUEUE_WAIT, first.producer(), last.producer());
        var endToEnd = BucketQuantile.delta(END_TO_END, first.consumer(), last.consumer());
        var good = last.producer().find(GOOD_LATENCY + "_count").isPresent()
                ? BucketQuantile.delta(GOOD_LATENCY, first.producer(), last.producer()) : endToEnd;
        double waitCount = delta(QUEUE_WAIT + "_count", first.producer(), last.producer());
        double meanWait = delta(QUEUE_WAIT + "_sum", first.producer(), last.producer()) / waitCount;

        return new PhaseFigures(record.strategy().name(), phase.phase().name(), index, seconds, processing, outage,
                nominal, offered / capacity, capacity, (end.good() - start.good()) / seconds,
                (end.late() - start.late()) / seconds, loss(before, phase.readings().getLast()),
                BucketQuantile.quantile(0.5, queueWait), BucketQuantile.quantile(0.99, queueWait),
                BucketQuantile.quantile(0.5, endToEnd), BucketQuantile.quantile(0.99, endToEnd),
                BucketQuantile.quantile(0.5, good), BucketQuantile.quantile(0.99, good),
                phase.readings().stream().mapToLong(Reading::queueSize).max().orElseThrow(),
                phase.readings().stream().mapToDouble(Reading::queueMib).max().orElseThrow(),
                heapSlope(phase), settling(phase), drain(phase, drainLevel),
                delta("process_cpu_time_ns_total", first.producer(), last.producer()) / NANOS / seconds,
                mean(window, Reading::queueSize), QueueTheory.littlesQueue(waitCount / seconds, meanWait),
                blockingPredicted(window, capacity, start, end), blockingObserved(window, start, end));
    }

    private static SortedMap<String, Long> loss(Reading before, Reading end) {
        SortedMap<String, Long> loss = new TreeMap<>();
        for (String counter : List.of("producer_items_rejected_total", "producer_items_dropped_total")) {
            PrometheusScrape after = end.scrapes().orElseThrow().producer();
            PrometheusScrape earlier = before.scrapes().orElseThrow().producer();
            for (PrometheusScrape.Sample sample : after.samples()) {
                Matcher reason = REASON.matcher(sample.labels());
                if (sample.name().equals(counter) && reason.find()) {
                    long count = Math.round(sample.value() - earlier.find(counter, reason.group()).orElse(0));
                    if (count != 0) {
                        loss.merge(reason.group(1), count, Long::sum);
                    }
                }
            }
        }
        long failed = end.total("failed") - before.total("failed");
        if (failed != 0) {
            loss.put("failed", failed);
        }
        return loss;
    }

    /** Over the window: a bounded queue filling up to its bound during the settle time is no growth. */
    private static double heapSlope(PhaseRecord phase) {
        double minutes = phase.phase().window().toNanos() / NANOS / 60;
        return (phase.liveHeapMibAtEnd() - phase.liveHeapMibAtWindowStart()) / minutes;
    }

    /** The consumer's good count about once a second (the readings with scrapes), from the phase's change on. */
    private static double settling(PhaseRecord phase) {
        List<ConsumerReading> readings = phase.readings().stream().filter(reading -> reading.scrapes().isPresent())
                .map(reading -> new ConsumerReading(Math.round(reading.phaseSeconds() * NANOS), reading.good(), 0))
                .toList();
        try {
            return Settling.of(readings, SETTLING_INTERVAL, SETTLING_TAIL, SETTLING_HOLD, SETTLING_BAND).seconds();
        } catch (IllegalArgumentException tooShort) {
            return Double.NaN;
        }
    }

    private static double drain(PhaseRecord phase, double level) {
        if (Double.isNaN(level)) {
            return Double.NaN;
        }
        return phase.readings().stream().filter(reading -> reading.queueSize() <= level).findFirst()
                .map(Reading::phaseSeconds).orElse(Double.NaN);
    }

    private static double blockingPredicted(List<Reading> window, double capacity, Reading start, Reading end) {
        if (!bounded(window)) {
            return Double.NaN;
        }
        var producer = end.status().producer();
        int k = Math.toIntExact(StatusFields.whole(producer, "/queue/max_size")
                + StatusFields.whole(producer, "/delivery/limit"));
        double arrivals = (end.total("produced") - start.total("produced")) / (end.phaseSeconds() - start.phaseSeconds());
        return QueueTheory.mm1kBlocking(arrivals, capacity, k);
    }

    private static double blockingObserved(List<Reading> window, Reading start, Reading end) {
        if (!bounded(window)) {
            return Double.NaN;
        }
        return (double) (end.total("rejected") - start.total("rejected")) / (end.total("produced") - start.total("produced"));
    }

    /** A plain bounded FIFO throughout the window: the one mode M/M/1/K describes. */
    private static boolean bounded(List<Reading> window) {
        return window.stream().allMatch(reading ->
                reading.status().producer().path("queue").path("mode").asString().equals("bounded"));
    }

    private static double delta(String name, PrometheusScrape before, PrometheusScrape after) {
        return after.sum(name) - before.sum(name);
    }

    private static double mean(List<Reading> readings, ToDoubleFunction<Reading> figure) {
        return readings.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }
}
