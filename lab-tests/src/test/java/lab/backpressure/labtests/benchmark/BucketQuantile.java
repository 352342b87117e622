package lab.backpressure.labtests.benchmark;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.backpressure.labtests.support.PrometheusScrape;

/**
 * A quantile of what a histogram recorded between two scrapes, computed the way Prometheus'
 * {@code histogram_quantile} does, so the benchmark's p50/p99 mean what the dashboard's do.
 */
public final class BucketQuantile {

    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    private BucketQuantile() {
    }

    /**
     * Cumulative bucket counts of {@code histogram} (e.g. producer_queue_wait_seconds) in after minus before, by upper
     * bound, summed over the series whose labels include all of {@code labels} (e.g. {@code priority="critical"}):
     * over every series when none is given.
     */
    public static NavigableMap<Double, Double> delta(String histogram, PrometheusScrape before, PrometheusScrape after,
                                                     String... labels) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        add(buckets, histogram, after, 1, labels);
        add(buckets, histogram, before, -1, labels);
        return buckets;
    }

    /**
     * Linear interpolation inside the bucket holding the rank, starting from 0 for the first
     * bucket; a rank in +Inf answers the highest finite bound, as Prometheus does. NaN when
     * nothing was recorded.
     */
    public static double quantile(double q, NavigableMap<Double, Double> cumulative) {
        if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) {
            return Double.NaN;
        }
        double rank = q * cumulative.lastEntry().getValue();
        double lowerBound = 0;
        double countBelow = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = bucket.getValue() - countBelow;
                return lowerBound + (bucket.getKey() - lowerBound) * ((rank - countBelow) / inBucket);
            }
            lowerBound = bucket.getKey();
            countBelow = bucket.getValue();
        }
        throw new IllegalStateException("histogram without a +Inf bucket: " + cumulative);
    }

    private static void add(NavigableMap<Double, Double> buckets, String histogram, PrometheusScrape scrape, int sign,
                            String... labels) {
        for (PrometheusScrape.Sample sample : scrape.samples()) {
            if (sample.name().equals(histogram + "_bucket") && Arrays.stream(labels).allMatch(sample.labels()::contains)) {
                Matcher le = LE.matcher(sample.labels());
                if (!le.find()) {
                    throw new IllegalStateException("bucket without le: " + sample);
                }
                double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                buckets.merge(bound, sign * sample.value(), Double::sum);
            }
        }
    }
}
