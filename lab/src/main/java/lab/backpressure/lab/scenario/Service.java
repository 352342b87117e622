package lab.backpressure.lab.scenario;

/** The two services a step can address, with the port the handout's curl commands use. */
public enum Service {
    PRODUCER(8000),
    CONSUMER(8001);

    private final int handoutPort;

    Service(int handoutPort) {
        this.handoutPort = handoutPort;
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String handoutUrl() {
        return "http://localhost:" + handoutPort;
    }
}
