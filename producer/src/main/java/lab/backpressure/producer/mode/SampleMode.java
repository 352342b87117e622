package lab.backpressure.producer.mode;

import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Sampling under load, as telemetry pipelines do: below {@code sample_threshold} queued items every item is
 * taken in; at or above it only a {@code sample_rate} share is, the rest rejected as {@code sampled}.
 * {@code max_queue_size} stays a hard bound ({@code full}). The share is spread evenly and deterministically
 * (item n of the sampled ones is taken when floor(n × rate) steps up), so 0.25 takes exactly every fourth.
 */
@Component
final class SampleMode extends BoundedQueueMode {

    public static final String NAME = "sample";
    public static final RejectionReason SAMPLED = new RejectionReason("sampled");

    /**
     * @param sampleThreshold queue size from which items are sampled
     * @param sampleRate      share of items taken in while sampling, in (0, 1]
     */
    @ConfigurationProperties("lab.producer.modes.sample")
    public record Sampling(@PositiveOrZero @Max(1_000_000) @DefaultValue("50") int sampleThreshold,
                           @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @DefaultValue("0.5")
                           double sampleRate) implements AdminSettings {
    }

    /** Items that arrived while sampling, since this mode last became active; guarded by the ledger's lock. */
    private long sampled;

    public SampleMode(Settings settings) {
        super(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Admission admit(Admitting item) {
        if (full(item)) {
            return item.reject(RejectionReason.FULL);
        }
        Sampling sampling = settings.get(Sampling.class);
        if (item.size() < sampling.sampleThreshold()) {
            return item.append();
        }
        sampled++;
        boolean taken = Math.floor(sampled * sampling.sampleRate()) > Math.floor((sampled - 1) * sampling.sampleRate());
        return taken ? item.append() : item.reject(SAMPLED);
    }

    @Override
    public void activate() {
        sampled = 0;
    }

    @Override
    public Set<RejectionReason> rejectionReasons() {
        return Set.of(SAMPLED, RejectionReason.FULL);
    }

    @Override
    public Map<String, Object> status() {
        Sampling sampling = settings.get(Sampling.class);
        return Map.of("sample_threshold", sampling.sampleThreshold(), "sample_rate", sampling.sampleRate());
    }
}
