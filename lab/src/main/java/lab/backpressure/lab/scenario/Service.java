package lab.backpressure.lab.scenario;

import java.util.List;

/**
 * The two services a step can address, with the port the handout's curl commands use and the requests a step may
 * POST to each: their admin endpoints (the handout's {@code /admin/slow-down} among the consumer's) and the producer's
 * burst. This is the one list in {@code lab}; a path outside it is refused before anything changes.
 */
public enum Service {
    PRODUCER(8000, List.of("/admin/config", "/admin/reset", "/admin/clear-queue", "/produce")),
    CONSUMER(8001, List.of("/admin/config", "/admin/reset", "/admin/slow-down"));

    private final int handoutPort;
    private final List<String> stepPaths;

    Service(int handoutPort, List<String> stepPaths) {
        this.handoutPort = handoutPort;
        this.stepPaths = stepPaths;
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String handoutUrl() {
        return "http://localhost:" + handoutPort;
    }

    /** The paths a step may POST to on this service, exactly as written (no query, no dot segments). */
    public List<String> stepPaths() {
        return stepPaths;
    }
}
