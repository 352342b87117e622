package lab.backpressure.producer.delivery.throttling;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.delivery.Attempt;
import lab.backpressure.producer.delivery.DeliveryPolicy;
import lab.backpressure.producer.delivery.DeliveryResult;
import lab.backpressure.producer.delivery.Verdict;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsChanged;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Client-side adaptive throttling ({@code client_throttling} {@code on|off}, see {@link AdaptiveThrottle}): every
 * attempt, first or retry, counts as a request; an answer that shows the consumer took the request (delivered,
 * expired, refused for good) as an accept; a throttle (429/503, with or without {@code Retry-After}), a 5xx and a
 * timeout do not. An attempt the throttle drops never reaches the consumer: its items are settled for good as
 * dropped with reason {@code client_throttled}, so the load they would have added is gone, as the SRE book's client
 * fails the request it would not send; holding them would only queue that load for later. Off, nothing is counted.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2) // after the budget: a denied retry is not a request
public final class ClientThrottlingPolicy implements DeliveryPolicy, MeterBinder {

    private static final String ON = "on";

    /**
     * @param clientThrottling {@code on} or {@code off} (default)
     * @param throttleK        K: how many requests per accept the client may send before it drops any (the SRE
     *                         book's 2; 1.1 drops more eagerly); at least 1
     * @param throttleWindowMs the window requests and accepts are counted over; lab-sized 10 s (the book's 2 min)
     */
    @ConfigurationProperties("lab.producer.delivery")
    public record Throttling(
            @NotNull @Pattern(regexp = "on|off", message = "must be on or off") @DefaultValue("off")
            String clientThrottling,
            @DecimalMin("1") @DecimalMax("100") @DefaultValue("2.0") double throttleK,
            @Positive @Max(3_600_000) @DefaultValue("10000") long throttleWindowMs) implements AdminSettings {

        boolean on() {
            return ON.equals(clientThrottling);
        }
    }

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final DoubleSupplier draws;
    private AdaptiveThrottle throttle;

    @Autowired
    public ClientThrottlingPolicy(Settings settings) {
        this(settings, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param draws uniform draws from [0, 1) */
    ClientThrottlingPolicy(Settings settings, LongSupplier nanoTime, DoubleSupplier draws) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.draws = draws;
        this.throttle = fresh();
    }

    @Override
    public synchronized Verdict admit(Attempt attempt) {
        if (!settings.get(Throttling.class).on()) {
            return Verdict.SEND;
        }
        double dropProbability = throttle.dropProbability();
        throttle.requested();
        return draws.getAsDouble() < dropProbability ? new Verdict.GiveUp(ItemLedger.CLIENT_THROTTLED) : Verdict.SEND;
    }

    @Override
    public DeliveryResult send(TakenBatch taken, Next next) throws InterruptedException {
        DeliveryResult result = next.send(taken);
        if (accepted(result) && settings.get(Throttling.class).on()) {
            synchronized (this) {
                throttle.accepted();
            }
        }
        return result;
    }

    private static boolean accepted(DeliveryResult result) {
        return switch (result) {
            case DeliveryResult.Delivered _, DeliveryResult.PartlyDelivered _, DeliveryResult.Expired _,
                 DeliveryResult.TooLarge _, DeliveryResult.Refused _ -> true;
            case DeliveryResult.Throttled _, DeliveryResult.Unavailable _, DeliveryResult.TimedOut _,
                 DeliveryResult.NotSent _ -> false;
        };
    }

    synchronized double dropProbability() {
        return settings.get(Throttling.class).on() ? throttle.dropProbability() : 0;
    }

    @Override
    public synchronized Map<String, Object> status() {
        Throttling chosen = settings.get(Throttling.class);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("client_throttling", chosen.clientThrottling());
        fields.put("throttle_k", chosen.throttleK());
        fields.put("throttle_window_ms", chosen.throttleWindowMs());
        fields.put("throttle_drop_probability", dropProbability());
        fields.put("throttle_requests", throttle.requests());
        fields.put("throttle_accepts", throttle.accepts());
        return fields;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("producer.client.throttle.probability", this, ClientThrottlingPolicy::dropProbability)
                .description("Client-side adaptive throttling: the probability to drop the next request (0 while off)")
                .register(registry);
    }

    /** New settings, or on/off: fresh counts. */
    @EventListener
    synchronized void settingsChanged(SettingsChanged change) {
        if (change.changed(Throttling.class)) {
            throttle = fresh();
        }
    }

    private AdaptiveThrottle fresh() {
        Throttling chosen = settings.get(Throttling.class);
        return new AdaptiveThrottle(chosen.throttleK(), Duration.ofMillis(chosen.throttleWindowMs()), nanoTime);
    }
}
