package lab.backpressure.producer.config;

/** Holds the current {@link ProducerConfig}; readers on any thread see the latest complete one. */
public final class LiveConfig {

    private volatile ProducerConfig current;

    public LiveConfig(ProducerConfig initial) {
        this.current = initial;
    }

    public ProducerConfig get() {
        return current;
    }

    public void set(ProducerConfig next) {
        current = next;
    }
}
