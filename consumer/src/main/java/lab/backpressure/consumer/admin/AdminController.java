package lab.backpressure.consumer.admin;

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

    AdminController(ProcessingSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/config")
    ConfigView config() {
        return ConfigView.of(settings.current());
    }

    @PostMapping("/config")
    ConfigView updateConfig(@RequestBody ConfigUpdate update) {
        return ConfigView.of(settings.update(update::applyTo));
    }

    @PostMapping("/slow-down")
    ConfigView slowDown(@RequestBody SlowDownRequest request) {
        double factor = request.requiredFactor();
        settings.limits().requireSlowdownFactor("factor", factor);
        return ConfigView.of(settings.update(config -> config.withSlowdownFactor(factor)));
    }
}
