package lab.backpressure.consumer.admin;

import lab.backpressure.consumer.processing.ProcessingConfig;
import lab.backpressure.consumer.processing.ProcessingLoad;
import lab.backpressure.consumer.processing.ProcessingSettings;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/admin")
class AdminController {

    private final ProcessingSettings settings;
    private final ProcessingLoad load;

    AdminController(ProcessingSettings settings, ProcessingLoad load) {
        this.settings = settings;
        this.load = load;
    }

    @GetMapping("/config")
    ConfigView config() {
        return view(settings.current());
    }

    /**
     * With {@code dry_run=true} the update is checked as it would be applied, but changes nothing: the answer is
     * the config it would make, so a caller can validate a whole plan before it starts.
     */
    @PostMapping("/config")
    ConfigView updateConfig(@RequestBody ConfigUpdate update,
            @RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
        return view(dryRun ? settings.preview(update::applyTo) : settings.update(update::applyTo));
    }

    /**
     * Every setting back to what the consumer started with, the slow-down and failure injection included; the
     * counts stay. Answers the config.
     */
    @PostMapping("/reset")
    ConfigView reset() {
        return view(settings.reset());
    }

    @PostMapping("/slow-down")
    ConfigView slowDown(@RequestBody SlowDownRequest request) {
        double factor = request.requiredFactor();
        settings.limits().requireSlowdownFactor("factor", factor);
        return view(settings.update(config -> config.withSlowdownFactor(factor)));
    }

    private ConfigView view(ProcessingConfig config) {
        return ConfigView.of(config, load.lastBatchSize());
    }
}
