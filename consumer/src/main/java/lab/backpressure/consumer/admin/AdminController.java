package lab.backpressure.consumer.admin;

import lab.backpressure.consumer.processing.ProcessingConfig;
import lab.backpressure.consumer.processing.ProcessingLoad;
import lab.backpressure.consumer.processing.ProcessingSettings;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
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

    @PostMapping("/config")
    ConfigView updateConfig(@RequestBody ConfigUpdate update) {
        return view(settings.update(update::applyTo));
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
