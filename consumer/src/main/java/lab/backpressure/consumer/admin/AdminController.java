package lab.backpressure.consumer.admin;

import lab.backpressure.consumer.processing.ConsumerLimits;
import lab.backpressure.consumer.processing.SlowDown;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.SettingsUpdater;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

@RestController
@RequestMapping("/admin")
class AdminController {

    private static final String PROCESSING_TIME = "processing_time_ms";
    private static final AdminSettings[] NOTHING_ELSE = {};

    private final SettingsUpdater settings;
    private final ConsumerLimits limits;
    private final ConfigJson json;

    AdminController(SettingsUpdater settings, ConsumerLimits limits, ConfigJson json) {
        this.settings = settings;
        this.limits = limits;
        this.json = json;
    }

    @GetMapping("/config")
    ObjectNode config() {
        return json.of(settings.current());
    }

    /**
     * Partial update: any subset of the fields, each checked by the record that owns it; answers the whole new
     * config. Setting processing_time_ms also ends any slow-down: the handout's "back to normal" step sends only
     * {"processing_time_ms": 100}. With {@code dry_run=true} the update is checked as it would be applied, but
     * changes nothing: the answer is the config it would make, so a caller can validate a whole plan before it starts.
     */
    @PostMapping("/config")
    ObjectNode updateConfig(@RequestBody ObjectNode update,
            @RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
        AdminSettings[] also = update.has(PROCESSING_TIME) ? new AdminSettings[] {SlowDown.NONE} : NOTHING_ELSE;
        return json.of(dryRun ? settings.preview(update, also) : settings.apply(update, also));
    }

    /**
     * Every setting back to what the consumer started with, the slow-down and failure injection included; the
     * counts stay. Answers the config.
     */
    @PostMapping("/reset")
    ObjectNode reset() {
        return json.of(settings.reset());
    }

    @PostMapping("/slow-down")
    ObjectNode slowDown(@RequestBody SlowDownRequest request) {
        double factor = request.requiredFactor();
        limits.requireSlowdownFactor("factor", factor);
        return json.of(settings.apply(JsonNodeFactory.instance.objectNode(), new SlowDown(factor)));
    }
}
