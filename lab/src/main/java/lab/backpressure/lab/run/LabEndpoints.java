package lab.backpressure.lab.run;

import java.net.URI;
import java.util.Optional;

import lab.backpressure.lab.scenario.Service;

/**
 * Where the lab's services answer: the handout's localhost ports by default, the compose network's names when the
 * command runs in it. Prometheus is optional; without it, expectations are measured from {@code /status}.
 */
public record LabEndpoints(URI producer, URI consumer, Optional<URI> prometheus) {

    public static LabEndpoints handout() {
        return new LabEndpoints(URI.create("http://localhost:8000"), URI.create("http://localhost:8001"),
                Optional.of(URI.create("http://localhost:9090")));
    }

    public URI of(Service service) {
        return service == Service.PRODUCER ? producer : consumer;
    }
}
