package lab.backpressure.labtests.support;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/** One scrape of a service's {@code /actuator/prometheus}, read the way Prometheus reads it. */
public record PrometheusScrape(List<Sample> samples) {

    public record Sample(String name, String labels, double value) {
    }

    public static PrometheusScrape of(ServiceProcess service) {
        LabHttp.Response response = LabHttp.get(service.baseUrl() + "/actuator/prometheus");
        if (response.status() != 200) {
            throw new IllegalStateException("/actuator/prometheus answered " + response.status() + ": " + response.body());
        }
        return new PrometheusScrape(response.body().lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(PrometheusScrape::sample)
                .toList());
    }

    /**
     * The sum of every series of {@code name} whose labels include all of {@code labels}
     * (each written as in the exposition, e.g. {@code reason="full"}), or empty when none exists.
     */
    public OptionalDouble find(String name, String... labels) {
        List<Sample> matching = samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> Arrays.stream(labels).allMatch(sample.labels()::contains))
                .toList();
        return matching.isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of(matching.stream().mapToDouble(Sample::value).sum());
    }

    /** Like {@link #find}, failing with the scrape's series names when no series matches. */
    public double sum(String name, String... labels) {
        return find(name, labels).orElseThrow(() -> new AssertionError("no series " + name + " with labels "
                + Arrays.toString(labels) + " among " + samples.stream().map(Sample::name).distinct().toList()));
    }

    private static Sample sample(String line) {
        int valueStart = line.lastIndexOf(' ');
        int labelsStart = line.indexOf('{');
        boolean labelled = labelsStart >= 0 && labelsStart < valueStart;
        String name = labelled ? line.substring(0, labelsStart) : line.substring(0, valueStart);
        String labels = labelled ? line.substring(labelsStart, line.lastIndexOf('}') + 1) : "";
        return new Sample(name.trim(), labels, Double.parseDouble(line.substring(valueStart + 1)));
    }
}
