package lab.backpressure.labtests.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.lab.scenario.Service;
import lab.backpressure.lab.scenario.Step;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The start-up settings of a lab that runs time-compressed, so that {@code POST /admin/reset} takes it back to the
 * handout's defaults compressed, where a compressed run of an exercise file starts (docs/scenarios.md). Every
 * setting that is a time or a rate starts at its handout default scaled by the rules that scale a file's settings
 * ({@link TimeScale}), and the producer's delivery timeout and backoff with them. The services keep their own
 * defaults; these are listed here because a service cannot be asked for its defaults before it has started.
 *
 * <p>Two times are no setting and stay as they are: the consumer's {@code Retry-After} is whole seconds, and the retry
 * budget counts over a fixed 10 s (so its {@code retry_budget_min_per_second}, a rate over that window, stays too).
 * The exercise files that depend on them say so; none runs the budget compressed. (The adaptive mode's interval is 2.5 × {@code target_wait_ms}, so it scales with
 * that setting.) The strategy comparison starts its lab this way too.
 */
public final class CompressedStart {

    /** The handout's default of each time and rate setting, by the start-up property prefix that sets it. */
    private static final Map<Service, List<Default>> HANDOUT_DEFAULTS = Map.of(
            Service.PRODUCER, List.of(
                    new Default("lab.producer", "production_rate", 10),
                    new Default("lab.producer.modes.rate-limited", "rate_limit", 10),
                    new Default("lab.producer.modes.token-bucket", "refill_per_second", 10),
                    new Default("lab.producer.modes.block", "block_timeout_ms", 5000),
                    new Default("lab.producer.modes.deadline", "deadline_ms", 2000),
                    new Default("lab.producer.modes.adaptive", "target_wait_ms", 200),
                    new Default("lab.producer.modes.codel", "codel_target_ms", 500),
                    new Default("lab.producer.modes.codel", "codel_interval_ms", 10_000),
                    new Default("lab.producer.take-orders.adaptive-lifo", "lifo_after_ms", 500),
                    new Default("lab.producer.arrivals.bursty", "burst_on_ms", 1000),
                    new Default("lab.producer.arrivals.bursty", "burst_off_ms", 4000),
                    new Default("lab.producer.delivery", "breaker_window_s", 10),
                    new Default("lab.producer.delivery", "breaker_slow_call_ms", 2000),
                    new Default("lab.producer.delivery", "breaker_open_ms", 5000),
                    new Default("lab.producer.delivery", "batch_rtt_target_ms", 1000),
                    new Default("lab.producer.delivery", "attempt_timeout_ms", 30_000),
                    new Default("lab.producer.delivery", "throttle_window_ms", 10_000),
                    new Default("lab.producer.delivery.limits.aimd", "aimd_timeout_ms", 1000)),
            Service.CONSUMER, List.of(
                    new Default("lab.consumer", "processing_time_ms", 100),
                    new Default("lab.consumer", "processing_min_ms", 50),
                    new Default("lab.consumer", "processing_max_ms", 500),
                    new Default("lab.consumer", "failure_timeout_ms", 35_000)));
    /** The producer's delivery times at their defaults in its application.yml. */
    private static final Map<String, Duration> DELIVERY_TIMES = Map.of(
            "lab.producer.delivery.backoff.initial", Duration.ofMillis(100),
            "lab.producer.delivery.backoff.max", Duration.ofSeconds(5));

    private CompressedStart() {
    }

    public static ServiceProcess.Builder consumer(TimeScale scale) {
        return withScaledDefaults(ServiceProcess.of(LabService.CONSUMER), Service.CONSUMER, scale);
    }

    public static ServiceProcess.Builder producer(TimeScale scale) {
        ServiceProcess.Builder producer = withScaledDefaults(ServiceProcess.of(LabService.PRODUCER), Service.PRODUCER,
                scale);
        DELIVERY_TIMES.forEach((property, time) -> producer.property(property, scale.duration(time).toMillis() + "ms"));
        return producer;
    }

    /**
     * The time and rate settings as {@code GET /admin/config} answers them on a lab started this way: the handout's
     * defaults, scaled. A start-up property Spring does not know is ignored without a word, so a test compares.
     */
    public static ObjectNode settings(Service service, TimeScale scale) {
        ObjectNode written = JsonNodeFactory.instance.objectNode();
        HANDOUT_DEFAULTS.get(service).forEach(setting -> written.put(setting.name(), setting.handoutValue()));
        return scale.step(new Step(service, "/admin/config", Optional.of(written), 0)).body().orElseThrow();
    }

    private static ServiceProcess.Builder withScaledDefaults(ServiceProcess.Builder builder, Service service,
                                                             TimeScale scale) {
        ObjectNode scaled = settings(service, scale);
        HANDOUT_DEFAULTS.get(service).forEach(setting ->
                builder.property(setting.property(), scaled.get(setting.name()).asString()));
        return builder;
    }

    /** An admin setting ({@code block_timeout_ms}) and the start-up property that sets it. */
    private record Default(String prefix, String name, long handoutValue) {

        String property() {
            return prefix + "." + name.replace('_', '-');
        }
    }
}
