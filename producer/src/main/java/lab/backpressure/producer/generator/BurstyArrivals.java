package lab.backpressure.producer.generator;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * On/off traffic: items come evenly for {@code burst_on_ms}, then none for {@code burst_off_ms}, at a pace
 * during the burst of rate × (on + off) / on, so the average is still {@code production_rate}. A queue that
 * copes with the average can still overflow in a burst: this is the traffic that buffers exist for.
 */
@Component
final class BurstyArrivals implements ArrivalProcess {

    public static final String NAME = "bursty";
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    /**
     * @param burstOnMs  how long each burst lasts
     * @param burstOffMs the silence after it
     */
    @ConfigurationProperties("lab.producer.arrivals.bursty")
    public record Cycle(@Positive @Max(600_000) @DefaultValue("1000") long burstOnMs,
                        @Positive @Max(600_000) @DefaultValue("4000") long burstOffMs) implements AdminSettings {
    }

    private Cycle cycle = new Cycle(1, 1);
    /** How far into the current burst the next item comes. */
    private long intoBurstNanos;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long nextGapNanos(double rate) {
        long on = TimeUnit.MILLISECONDS.toNanos(cycle.burstOnMs());
        long off = TimeUnit.MILLISECONDS.toNanos(cycle.burstOffMs());
        long gap = Math.round(NANOS_PER_SECOND / (rate * (on + off) / on));
        intoBurstNanos += gap;
        if (intoBurstNanos < on) {
            return gap;
        }
        intoBurstNanos -= on;
        return gap + off;
    }

    @Override
    public void restart(Settings settings) {
        cycle = settings.get(Cycle.class);
        intoBurstNanos = 0;
    }

    @Override
    public Set<Class<? extends AdminSettings>> settingsTypes() {
        return Set.of(Cycle.class);
    }
}
