package lab.backpressure.labtests.support;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import lab.backpressure.lab.run.LabEndpoints;

/**
 * The one launcher of the whole-lab tests and benchmarks: the consumer and the producer from their jars, started at
 * once to overlap their start-ups, the producer pointed at the consumer, both ready before it returns. What a test
 * or benchmark does with them (a walk's requests, a benchmark's measurements and books) lives with that test; how
 * time is compressed, in {@link CompressedStart}.
 */
public final class Lab implements AutoCloseable {

    private final ServiceProcess consumer;
    private final ServiceProcess producer;

    private Lab(ServiceProcess consumer, ServiceProcess producer) {
        this.consumer = consumer;
        this.producer = producer;
    }

    /** Both services as their builders have them, the producer's consumer URL set here. */
    public static Lab start(ServiceProcess.Builder consumer, ServiceProcess.Builder producer) {
        ServiceProcess startedConsumer = consumer.start();
        ServiceProcess startedProducer = null;
        try {
            startedProducer = producer.property("lab.producer.consumer-url", startedConsumer.baseUrl()).start();
            startedConsumer.awaitReady();
            startedProducer.awaitReady();
        } catch (RuntimeException e) {
            startedConsumer.close();
            if (startedProducer != null) {
                startedProducer.close();
            }
            throw e;
        }
        return new Lab(startedConsumer, startedProducer);
    }

    /**
     * Both services on a Kafka broker: each with the Kafka lane's two start-up settings ({@link #onKafka}), otherwise
     * as their builders have them.
     */
    public static Lab startOnKafka(String bootstrapServers, ServiceProcess.Builder consumer,
                                   ServiceProcess.Builder producer) {
        return start(onKafka(consumer, bootstrapServers), onKafka(producer, bootstrapServers));
    }

    /**
     * A service with the Kafka lane on, which takes both the Spring profile {@code kafka} and the broker
     * (docs/running.md); also for a consumer started again after one was killed.
     */
    public static ServiceProcess.Builder onKafka(ServiceProcess.Builder service, String bootstrapServers) {
        return service.property("spring.profiles.active", "kafka")
                .property("spring.kafka.bootstrap-servers", bootstrapServers);
    }

    public ServiceProcess consumer() {
        return consumer;
    }

    public ServiceProcess producer() {
        return producer;
    }

    /** Where the lab's engine ({@code ScenarioRunner}) finds the two services; no Prometheus runs here. */
    public LabEndpoints endpoints() {
        return new LabEndpoints(URI.create(producer.baseUrl()), URI.create(consumer.baseUrl()), Optional.empty());
    }

    /** The first service that is no longer running, if one is not. */
    public Optional<ServiceProcess> dead() {
        return List.of(consumer, producer).stream().filter(service -> !service.isAlive()).findFirst();
    }

    @Override
    public void close() {
        try (consumer) {
            producer.close();
        }
    }
}
