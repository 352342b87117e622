package lab.backpressure.consumer.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The lag of group {@value KafkaLane#GROUP} on {@value KafkaLane#TOPIC}, read from the broker every
 * {@code lag-interval}: per partition the end offset less the committed offset, their total, and the age of the
 * oldest unprocessed record (the one at a lagging partition's committed offset, read by a consumer of no group);
 * beside them the records consumed per second over the last ten seconds and the rebalances. What {@code /status.kafka}
 * shows is what the meters read: the same last reading.
 */
final class Lag implements SmartLifecycle, MeterBinder, KafkaStatus {

    private static final Logger log = LoggerFactory.getLogger(Lag.class);
    private static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    private static final Duration PEEK_TIMEOUT = Duration.ofMillis(500);
    private static final Duration PEEK_POLL = Duration.ofMillis(50);

    private final Admin admin;
    private final Supplier<Consumer<String, byte[]>> peekers;
    private final ItemListener listener;
    private final ListenerContainer container;
    private final Duration interval;
    private final Clock clock;
    private final Deque<long[]> consumedSamples = new ArrayDeque<>();
    private volatile Reading last = Reading.NONE;
    private volatile Thread thread;
    private MultiGauge partitionLag;

    /** One reading; ages in milliseconds, -1 when no record waits. */
    record Reading(Map<Integer, Long> lagByPartition, long oldestUnprocessedAgeMs, double consumedPerSecond) {

        static final Reading NONE = new Reading(Map.of(), -1, 0);

        long total() {
            return lagByPartition.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    Lag(Admin admin, Supplier<Consumer<String, byte[]>> peekers, ItemListener listener, ListenerContainer container,
        Duration interval, Clock clock) {
        this.admin = admin;
        this.peekers = peekers;
        this.listener = listener;
        this.container = container;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        partitionLag = MultiGauge.builder("consumer.kafka.lag").baseUnit("records")
                .description("End offset less the committed offset of group lab-consumers, per partition")
                .register(registry);
        Gauge.builder("consumer.kafka.oldest.unprocessed.age", () -> Math.max(0, last.oldestUnprocessedAgeMs()) / 1000.0)
                .baseUnit("seconds").description("Age of the oldest record not yet processed").register(registry);
        FunctionCounter.builder("consumer.kafka.records.consumed", listener, ItemListener::consumed)
                .description("Records handed to processing by the Kafka listener").register(registry);
        FunctionCounter.builder("consumer.kafka.rebalances", listener, ItemListener::rebalances)
                .description("Times a listener slot gave up its partitions in a rebalance").register(registry);
        FunctionCounter.builder("consumer.kafka.dead.letters", listener, ItemListener::deadLetters)
                .description("Records sent to lab.items.DLT after their last attempt failed").register(registry);
        FunctionCounter.builder("consumer.kafka.duplicates", listener, ItemListener::duplicates)
                .description("Records delivered again whose processing had begun before").register(registry);
    }

    @Override
    public void start() {
        thread = Thread.ofVirtual().name("kafka-lag").start(this::readWhileRunning);
    }

    @Override
    public void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    @Override
    public Map<String, Object> status() {
        Reading reading = last;
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("topic", KafkaLane.TOPIC);
        status.put("group", KafkaLane.GROUP);
        status.putAll(container.status());
        status.put("lag", reading.total());
        status.put("lag_by_partition", reading.lagByPartition().entrySet().stream()
                .collect(Collectors.toMap(e -> Integer.toString(e.getKey()), Map.Entry::getValue, (a, b) -> a,
                        TreeMap::new)));
        status.put("oldest_unprocessed_age_ms", reading.oldestUnprocessedAgeMs());
        status.put("consumed", listener.consumed());
        status.put("consumed_per_second", reading.consumedPerSecond());
        status.put("rebalances", listener.rebalances());
        status.put("duplicates", listener.duplicates());
        status.put("dead_letters", listener.deadLetters());
        return status;
    }

    private void readWhileRunning() {
        try (Consumer<String, byte[]> peeker = peekers.get()) {
            while (thread != null) {
                try {
                    last = read(peeker);
                    partitionLag.register(last.lagByPartition().entrySet().stream()
                            .map(e -> MultiGauge.Row.of(Tags.of("partition", Integer.toString(e.getKey())), e.getValue()))
                            .toList(), true);
                } catch (ExecutionException | RuntimeException e) {
                    log.debug("Could not read the lag: {}", e.toString());
                }
                Thread.sleep(interval);
            }
        } catch (InterruptedException stopping) {
            // stop(): the thread ends
        }
    }

    private Reading read(Consumer<String, byte[]> peeker) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(KafkaLane.GROUP)
                .partitionsToOffsetAndMetadata().get();
        Collection<TopicPartition> partitions = admin.describeTopics(List.of(KafkaLane.TOPIC)).allTopicNames().get()
                .get(KafkaLane.TOPIC).partitions().stream()
                .map(info -> new TopicPartition(KafkaLane.TOPIC, info.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(p -> p, _ -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        Map<Integer, Long> lag = new TreeMap<>();
        Map<TopicPartition, Long> lagging = new HashMap<>();
        long now = clock.millis();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            long from = done == null ? 0 : done.offset();
            long behind = Math.max(0, ends.getOrDefault(partition, 0L) - from);
            lag.put(partition.partition(), behind);
            if (behind > 0) {
                lagging.put(partition, from);
            }
        }
        long oldest = oldestTimestamp(peeker, lagging);
        return new Reading(lag, oldest == Long.MAX_VALUE ? -1 : Math.max(0, now - oldest), consumedPerSecond(now));
    }

    /**
     * The oldest timestamp of the records at these offsets (or the first ones after them, if they are gone), all
     * partitions in one fetch: a fetch per partition made a reading of 8 lagging partitions take a second or more.
     */
    private static long oldestTimestamp(Consumer<String, byte[]> peeker, Map<TopicPartition, Long> offsets) {
        peeker.assign(offsets.keySet());
        offsets.forEach(peeker::seek);
        Map<TopicPartition, Long> first = new HashMap<>();
        long deadline = System.nanoTime() + PEEK_TIMEOUT.toNanos();
        while (first.size() < offsets.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : peeker.poll(PEEK_POLL)) {
                first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.timestamp());
            }
        }
        return first.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }

    private double consumedPerSecond(long now) {
        consumedSamples.addLast(new long[] {now, listener.consumed()});
        while (consumedSamples.size() > 2 && now - consumedSamples.getFirst()[0] > RATE_WINDOW.toMillis()) {
            consumedSamples.removeFirst();
        }
        long[] first = consumedSamples.getFirst();
        long elapsedMs = now - first[0];
        return elapsedMs == 0 ? 0 : (listener.consumed() - first[1]) * 1000.0 / elapsedMs;
    }
}
