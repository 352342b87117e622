package lab.backpressure.labtests.exercises;

import java.net.URI;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import lab.backpressure.lab.scenario.Service;
import lab.backpressure.lab.scenario.Step;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A POST request as an exercise page's curl command or a file's step makes it: the service, the path and the JSON
 * body, compared as JSON (field order and {@code 5} against {@code 5.0} do not matter), with the text it came from
 * and the line it starts on there.
 */
record PagePost(Service service, String path, Optional<JsonNode> body, String written, int line) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Numbers by value, everything else as Jackson compares it. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;

    /**
     * The request of a curl command split into words, if it is a POST: {@code curl -s -X POST <url> -H ... -d '<json>'}.
     */
    static Optional<PagePost> ofCurl(List<String> words, String written, int line) {
        if (words.isEmpty() || !words.getFirst().equals("curl") || !hasOption(words, "-X", "POST")) {
            return Optional.empty();
        }
        URI url = URI.create(words.stream().filter(word -> word.startsWith("http")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no URL in: " + written)));
        Service service = Arrays.stream(Service.values())
                .filter(candidate -> candidate.handoutUrl().equals(url.getScheme() + "://" + url.getAuthority()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not the producer's or the consumer's port: " + written));
        int data = words.indexOf("-d");
        Optional<JsonNode> body = data < 0 ? Optional.empty() : Optional.of(JSON.readTree(words.get(data + 1)));
        return Optional.of(new PagePost(service, url.getRawPath(), body, written, line));
    }

    static PagePost ofStep(Step step, String file) {
        return new PagePost(step.service(), step.path(), step.body().map(JsonNode.class::cast),
                step.curl() + "\n    (" + file + ":" + step.line() + ")", step.line());
    }

    boolean sameRequestAs(PagePost other) {
        return service == other.service && path.equals(other.path) && body.isPresent() == other.body.isPresent()
                && body.map(json -> json.equals(SAME_VALUE, other.body.orElseThrow())).orElse(true);
    }

    private static boolean hasOption(List<String> words, String option, String value) {
        int at = words.indexOf(option);
        return at >= 0 && at + 1 < words.size() && words.get(at + 1).equals(value);
    }
}
