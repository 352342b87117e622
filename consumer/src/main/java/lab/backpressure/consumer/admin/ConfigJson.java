package lab.backpressure.consumer.admin;

import lab.backpressure.consumer.processing.Processing;
import lab.backpressure.consumer.processing.ProcessingLoad;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsUpdater;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The settings as the admin endpoints and {@code /status} show them: every admin field, then what follows from
 * them; the capacity is for requests the size of the last one (1 until a batch arrives).
 */
@Component
public class ConfigJson {

    private final SettingsUpdater settings;
    private final ProcessingLoad load;

    ConfigJson(SettingsUpdater settings, ProcessingLoad load) {
        this.settings = settings;
        this.load = load;
    }

    public ObjectNode of(Settings config) {
        return settings.json(config)
                .put("effective_processing_time_ms", Processing.effectiveProcessingTimeMs(config))
                .put("capacity_per_second", Processing.capacityPerSecond(config, load.lastBatchSize()));
    }
}
