package lab.backpressure.producer.admin;

import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.config.LiveConfig;
import lab.backpressure.producer.config.ProducerConfig;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/admin")
class AdminController {

    private final LiveConfig config;
    private final ConfigUpdater updater;
    private final ItemLedger ledger;

    AdminController(LiveConfig config, ConfigUpdater updater, ItemLedger ledger) {
        this.config = config;
        this.updater = updater;
        this.ledger = ledger;
    }

    @GetMapping("/config")
    ProducerConfig config() {
        return config.get();
    }

    /** Partial update; answers the whole new config. */
    @PostMapping("/config")
    ProducerConfig update(@RequestBody ConfigUpdate update) {
        return updater.apply(update);
    }

    /** Empties the queue; the removed items count as dropped (reason {@code cleared}). */
    @PostMapping("/clear-queue")
    Cleared clearQueue() {
        return new Cleared(ledger.clear());
    }

    record Cleared(int cleared) {
    }
}
