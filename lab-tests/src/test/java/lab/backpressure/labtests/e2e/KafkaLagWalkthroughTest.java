package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import lab.backpressure.labtests.support.ConsumerStatus;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lesson of the Kafka lane on both jars against spring-kafka-test's embedded KRaft broker, compressed fivefold:
 * the handout's 10 items/s (50/s here) with {@code transport: kafka} into a consumer slowed 5× (capacity 2/s, 10/s
 * here) grows the consumer's lag by about 8 records/s (40/s here), while the producer's queue stays empty: the
 * backlog is in the log, not in the producer's heap. The identities hold at every reading.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaLagWalkthroughTest {

    private static final int SPEED = 5;
    private static final int PRODUCTION_RATE = 10 * SPEED;
    private static final int PROCESSING_TIME_MS = 100 / SPEED;
    private static final int SLOW_DOWN = 5;
    /** What the lag gains a second: produced less processed, 50 − 10 here, the handout's 10 − 2 = 8 times five. */
    private static final double LAG_GROWTH = PRODUCTION_RATE - 1000.0 / PROCESSING_TIME_MS / SLOW_DOWN;
    private static final Duration WATCH = Duration.ofSeconds(10);
    /**
     * Twenty items' worth of the default 16 KiB payload (seen: 3 at once, while two workers wait for the broker's
     * acknowledgements); the backlog in the producer would grow by 40 of them a second.
     */
    private static final long QUEUE_MEMORY_BOUND = 20 * 16 * 1024;

    private EmbeddedKafkaKraftBroker broker;
    @AutoClose
    private RunningLab lab;

    @BeforeAll
    void startTheBrokerAndTheLab() {
        broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        String brokers = broker.getBrokersAsString();
        lab = RunningLab.startForScenarios(
                ServiceProcess.of(LabService.CONSUMER).property("spring.profiles.active", "kafka")
                        .property("spring.kafka.bootstrap-servers", brokers)
                        .property("lab.consumer.processing-time-ms", PROCESSING_TIME_MS),
                ServiceProcess.of(LabService.PRODUCER).property("spring.profiles.active", "kafka")
                        .property("spring.kafka.bootstrap-servers", brokers)
                        .property("lab.producer.delivery.transport", "kafka")
                        .property("lab.producer.production-rate", PRODUCTION_RATE));
    }

    @AfterAll
    void stopTheBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void aSlowConsumerGrowsTheLagNotTheProducersQueue() {
        lab.slowTheConsumerDown(SLOW_DOWN);
        List<Long> lags = new ArrayList<>();
        List<Long> nanos = new ArrayList<>();
        List<Double> heapUsedMb = new ArrayList<>();
        lab.watch(Duration.ofSeconds(3), WATCH, (producer, consumer) -> {
            assertThat(producer.memoryBytes()).as("the producer's queue, in bytes").isLessThan(QUEUE_MEMORY_BOUND);
            lags.add(lag(consumer));
            nanos.add(System.nanoTime());
            heapUsedMb.add(producer.heapUsedMb());
        });
        double seconds = (nanos.getLast() - nanos.getFirst()) / 1e9;
        double growth = (lags.getLast() - lags.getFirst()) / seconds;
        System.out.printf("lag %d -> %d in %.1f s: %.1f records/s (expected %.0f); producer heap used %.0f-%.0f MB%n",
                lags.getFirst(), lags.getLast(), seconds, growth, LAG_GROWTH,
                heapUsedMb.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                heapUsedMb.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        assertThat(growth).as("records/s the lag grew by, produced %d/s into %.0f/s", PRODUCTION_RATE,
                PRODUCTION_RATE - LAG_GROWTH).isBetween(0.7 * LAG_GROWTH, 1.2 * LAG_GROWTH);
        ProducerStatus last = lab.status();
        assertThat(last.rejected() + last.dropped() + last.failed()).as("nothing lost at the producer").isZero();
    }

    private static long lag(ConsumerStatus consumer) {
        return consumer.json().required("kafka").required("lag").longValue();
    }
}
