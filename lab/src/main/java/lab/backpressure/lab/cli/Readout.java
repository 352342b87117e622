package lab.backpressure.lab.cli;

import java.util.List;

import lab.backpressure.lab.measure.Sample;
import lab.backpressure.lab.scenario.Figures;
import tools.jackson.databind.JsonNode;

/**
 * What the live view shows of the lab: the queue, the flow through it per second, the producer's memory and the
 * consumer's capacity. Rates are over the recent readings, so one late reading does not make them jump.
 */
record Readout(Sample last, Sample first) {

    /** The readings a rate is taken over: a few seconds at the runner's pace of about one a second. */
    static final int RECENT = 5;

    static Readout of(List<Sample> recent) {
        return new Readout(recent.getLast(), recent.getFirst());
    }

    /** The queue's mode and size against its bound, the memory it holds, and the consumer's capacity. */
    String state() {
        JsonNode queue = last.producer().path("queue");
        JsonNode maxSize = queue.path("max_size");
        return "mode " + queue.path("mode").asString("?") + "  queue " + queue.path("size").asLong()
                + (maxSize.isNumber() ? "/" + maxSize.asLong() : "")
                + "  memory " + figure(queue.path("memory_mb")) + " MB"
                + " (heap " + figure(last.producer().path("process").path("heap_used_mb")) + " MB)"
                + "  capacity " + figure(last.consumer().path("capacity_per_second")) + "/s";
    }

    /** Items per second produced, sent, rejected and dropped. */
    String flow() {
        return String.join("  ", rate("produced"), rate("sent"), rate("rejected"), rate("dropped"));
    }

    private String rate(String total) {
        double seconds = last.seconds() - first.seconds();
        String perSecond = seconds <= 0 ? "-" : Figures.format(
                (totalOf(last, total) - totalOf(first, total)) / seconds);
        return total + " " + perSecond + "/s";
    }

    private static long totalOf(Sample sample, String total) {
        return sample.producer().path("totals").path(total).asLong();
    }

    private static String figure(JsonNode value) {
        return value.isNumber() ? Figures.format(value.doubleValue()) : "-";
    }
}
