package lab.backpressure.labtests.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import lab.backpressure.labtests.support.Lab;
import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.PrometheusScrape;
import lab.backpressure.labtests.support.ServiceProcess;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The producer and the consumer as the delivery benchmark drives them: real processes from the packaged jars,
 * reconfigured through their admin APIs between measurements, so the JIT stays warm across all of them.
 *
 * <p>It keeps the books across both services: at every {@link #rest}, with nothing queued or in flight, the
 * consumer has processed exactly the items the producer counts as sent plus those the ceiling client had
 * answered 200. Any difference is an item lost or processed twice without either service counting it, and
 * makes the run invalid, as does a broken accounting identity or a service that died.
 */
public final class Pipeline implements AutoCloseable {

    /** The consumer's {@code max_waiting} for "no shedding", its default. */
    public static final int UNLIMITED_WAITING = -1;
    /** Seconds between the readings of a settling observation or of the delivery limit. */
    public static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);
    /** The producer's default limit: fixed, so nothing is learned while the lab rests. */
    private static final String RESTING_LIMIT = "fixed";
    /** A mode that bounds the queue, so a rest can switch any mode off and the next one starts afresh. */
    private static final String RESTING_MODE = "drop_oldest";
    /** Items in flight at rest drain in well under a second at the drain setting; a throttled one waits its Retry-After. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN_POLL = Duration.ofMillis(100);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Lab lab;
    private final ServiceProcess consumer;
    private final ServiceProcess producer;
    private final ConsumerSetting drainSetting;
    private final CeilingClient ceilingClient = new CeilingClient();
    private final int payloadBytes;
    private long clientAnswered;
    private int rests;

    private Pipeline(Lab lab, ConsumerSetting drainSetting, int payloadBytes) {
        this.lab = lab;
        this.consumer = lab.consumer();
        this.producer = lab.producer();
        this.drainSetting = drainSetting;
        this.payloadBytes = payloadBytes;
    }

    /**
     * Both services, the producer paused with a {@code drop_oldest} queue of {@code payloadBytes} items;
     * {@code drainSetting} is the consumer setting that empties the pipeline between measurements.
     */
    public static Pipeline start(int payloadBytes, ConsumerSetting drainSetting) {
        return new Pipeline(Lab.start(ServiceProcess.of(LabService.CONSUMER), ServiceProcess.of(LabService.PRODUCER)
                .property("lab.producer.producing", false)
                .property("lab.producer.payload-bytes", payloadBytes)
                .property("lab.producer.queue-mode", RESTING_MODE)), drainSetting, payloadBytes);
    }

    /** The consumer's HTTP ceiling at {@code setting}, with the producer at rest. */
    public CeilingClient.Ceiling ceiling(ConsumerSetting setting, int connections, Duration rampUp, Duration window)
            throws InterruptedException {
        consumerTo(setting, UNLIMITED_WAITING);
        CeilingClient.Ceiling ceiling = ceilingClient.measure(consumer, connections, payloadBytes, rampUp, window);
        clientAnswered += ceiling.answered();
        return ceiling;
    }

    /** Processing time, concurrency and shedding at once, then the slow-down (setting the time resets it). */
    public void consumerTo(ConsumerSetting setting, int maxWaiting) {
        LabHttp.postJson(consumer.baseUrl() + "/admin/config", json(Map.of("processing_time_ms", setting.processingMs(),
                "concurrency", setting.concurrency(), "max_waiting", maxWaiting)));
        if (setting.slowDown() != ConsumerSetting.NO_SLOW_DOWN) {
            slowDownTo(setting.slowDown());
        }
    }

    public void slowDownTo(int factor) {
        LabHttp.postJson(consumer.baseUrl() + "/admin/slow-down", json(Map.of("factor", factor)));
    }

    /** Producer admin fields that start the generator in {@code queueMode} under {@code deliveryLimit}. */
    public static Map<String, Object> producing(String queueMode, double productionRate, String deliveryLimit) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("queue_mode", queueMode);
        config.put("production_rate", productionRate);
        config.put("delivery_limit", deliveryLimit);
        config.put("producing", true);
        return config;
    }

    /** Any producer admin fields, e.g. {@code queue_mode}, {@code production_rate}, {@code delivery_limit}. */
    public void producerTo(Map<String, Object> config) {
        LabHttp.postJson(producer.baseUrl() + "/admin/config", json(config));
    }

    /**
     * A burst of {@code count} items through the producer's {@code POST /produce}, taken by the queue mode as the
     * generator's are: how many it accepted and how many it rejected.
     */
    public Burst produce(int count) {
        JsonNode answer = LabHttp.postJson(producer.baseUrl() + "/produce", json(Map.of("count", count)));
        return new Burst(answer.required("accepted").longValue(), answer.required("rejected").longValue());
    }

    /** What the queue did with a {@code /produce} burst. */
    public record Burst(long accepted, long rejected) {
    }

    /**
     * Empties the pipeline and checks the books: pauses the generator, clears the queue, lets the consumer
     * finish what is in flight at the drain setting, and resets the delivery limit and queue mode, so the next
     * measurement's algorithm and mode start afresh.
     */
    public void rest(String after) {
        Map<String, Object> resting = new LinkedHashMap<>();
        resting.put("producing", false);
        resting.put("delivery_limit", RESTING_LIMIT);
        resting.put("queue_mode", RESTING_MODE);
        producerTo(resting);
        LabHttp.postJson(producer.baseUrl() + "/admin/clear-queue", null);
        consumerTo(drainSetting, UNLIMITED_WAITING);
        awaitDrained(after);
        requireNoSlotHeld(after);
        ProducerStatus status = requireValid(after);
        long processed = ConsumerReading.of(consumer).processed();
        if (processed != status.sent() + clientAnswered || status.failed() != 0) {
            throw new InvalidRun(("the books of producer and consumer differ after %s: the consumer processed %d items, "
                    + "the producer counts %d sent and %d failed, the ceiling client %d answered; processed should be "
                    + "sent + the client's, and nothing failed").formatted(after, processed, status.sent(),
                    status.failed(), clientAnswered));
        }
        rests++;
    }

    /**
     * Idle delivery workers hold no slot, so once drained none may be in use: a slot still held would open the next
     * measurement with more requests in flight than its own limit allows.
     */
    private void requireNoSlotHeld(String after) {
        ProducerStatus status = ProducerStatus.of(producer);
        if (heldSlots(status) > 0) {
            throw new InvalidRun("the producer's delivery workers still hold " + heldSlots(status)
                    + " slots with nothing in flight after " + after + ": " + status.json());
        }
    }

    private void awaitDrained(String after) {
        try {
            await("the pipeline draining").atMost(DRAIN_TIMEOUT).pollInterval(DRAIN_POLL).until(() -> {
                ProducerStatus status = ProducerStatus.of(producer);
                return status.size() == 0 && status.inFlight() == 0;
            });
        } catch (ConditionTimeoutException e) {
            requireAlive(after, e);
            throw new InvalidRun("the producer still had items queued or in flight " + DRAIN_TIMEOUT.toSeconds()
                    + " s after " + after + ", with the generator paused: " + ProducerStatus.of(producer).json(), e);
        }
    }

    /** How many rests found the books balanced. */
    public int balancedRests() {
        return rests;
    }

    /**
     * The pipeline for {@code length}: the consumer's goodput and 429s, the producer's production and its
     * queue wait, and the delivery limit read every {@link #SAMPLE_INTERVAL}.
     */
    public Window window(Duration length, String where) throws InterruptedException {
        ConsumerReading consumerBefore = ConsumerReading.of(consumer);
        ProducerStatus producerBefore = ProducerStatus.of(producer);
        PrometheusScrape scrapeBefore = PrometheusScrape.of(producer);
        int limitMin = deliveryLimit(producerBefore);
        int limitMax = limitMin;
        long start = System.nanoTime();
        for (long tick = start + SAMPLE_INTERVAL.toNanos(); tick < start + length.toNanos(); tick += SAMPLE_INTERVAL.toNanos()) {
            sleepUntil(tick);
            int limit = deliveryLimit(ProducerStatus.of(producer));
            limitMin = Math.min(limitMin, limit);
            limitMax = Math.max(limitMax, limit);
        }
        sleepUntil(start + length.toNanos());
        ConsumerReading consumerAfter = ConsumerReading.of(consumer);
        ProducerStatus producerAfter = requireValid(where);
        PrometheusScrape scrapeAfter = PrometheusScrape.of(producer);
        int limit = deliveryLimit(producerAfter);
        NavigableMap<Double, Double> queueWait = BucketQuantile.delta("producer_queue_wait_seconds", scrapeBefore, scrapeAfter);
        double seconds = consumerAfter.secondsSince(consumerBefore);
        return new Window(seconds, consumerAfter.processedPerSecondSince(consumerBefore),
                (producerAfter.produced() - producerBefore.produced()) / seconds,
                consumerAfter.processed() - consumerBefore.processed(), consumerAfter.shed() - consumerBefore.shed(),
                Math.min(limitMin, limit), Math.max(limitMax, limit),
                BucketQuantile.quantile(0.5, queueWait), BucketQuantile.quantile(0.99, queueWait));
    }

    /**
     * What the pipeline did in one window.
     *
     * @param goodputPerSecond items the consumer processed per second
     * @param queueWaitP50     seconds, from {@code producer_queue_wait_seconds} as Prometheus would compute it
     */
    public record Window(double seconds, double goodputPerSecond, double producedPerSecond, long processed, long shed,
                  int limitMin, int limitMax, double queueWaitP50, double queueWaitP99) {

        public double shedPerSecond() {
            return shed / seconds;
        }

        /** The delivery limit over the window: one number, or its least and greatest. */
        public String limitRange() {
            return limitMin == limitMax ? Integer.toString(limitMin) : limitMin + "–" + limitMax;
        }
    }

    /** The consumer's counters read just before {@code change} and then every {@link #SAMPLE_INTERVAL} for {@code length}. */
    public List<ConsumerReading> readingsAround(Runnable change, Duration length) throws InterruptedException {
        List<ConsumerReading> readings = new ArrayList<>(List.of(ConsumerReading.of(consumer)));
        change.run();
        long start = readings.getFirst().nanos();
        for (long tick = start + SAMPLE_INTERVAL.toNanos(); tick <= start + length.toNanos(); tick += SAMPLE_INTERVAL.toNanos()) {
            sleepUntil(tick);
            readings.add(ConsumerReading.of(consumer));
        }
        return readings;
    }

    public int deliveryLimit() {
        return deliveryLimit(ProducerStatus.of(producer));
    }

    /** Both services alive and the producer's accounting identities holding, or an {@link InvalidRun}. */
    public ProducerStatus requireValid(String where) {
        requireAlive(where, null);
        ProducerStatus status = ProducerStatus.of(producer);
        try {
            status.assertIdentities();
        } catch (AssertionError e) {
            throw new InvalidRun("the producer's accounting identities broke " + where, e);
        }
        return status;
    }

    /** An {@link InvalidRun} naming the service that died and its log, with {@code cause} (may be null) as what showed it. */
    public void requireAlive(String where, Throwable cause) {
        InvalidRun.requireAlive(lab, where, cause);
    }

    @Override
    public void close() {
        lab.close();
    }

    private static int deliveryLimit(ProducerStatus status) {
        return status.json().requiredAt("/delivery/limit").intValue();
    }

    /** Slots the delivery limiter has handed out: workers with an item, and idle workers waiting for one. */
    private static int heldSlots(ProducerStatus status) {
        return status.json().requiredAt("/delivery/in_flight").intValue();
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    private static String json(Map<String, Object> fields) {
        return JSON.writeValueAsString(fields);
    }
}
