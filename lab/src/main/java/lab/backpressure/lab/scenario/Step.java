package lab.backpressure.lab.scenario;

import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

/**
 * One admin request of an exercise or a strategy: a POST to a service's path with an optional JSON body, shown to
 * the learner as the curl command that does the same.
 */
public record Step(Service service, String path, Optional<ObjectNode> body, int line) {

    /** The curl command of the handout's style, against the handout's ports. */
    public String curl() {
        String url = service.handoutUrl() + path;
        return body.map(json -> """
                curl -s -X POST %s \\
                  -H "Content-Type: application/json" \\
                  -d '%s' | jq""".formatted(url, Json.handoutStyle(json)))
                .orElse("curl -s -X POST " + url + " | jq");
    }

    /** Whether this step changes settings, and so can be validated by a dry run first. */
    public boolean changesSettings() {
        return path.equals("/admin/config") && body.isPresent();
    }
}
