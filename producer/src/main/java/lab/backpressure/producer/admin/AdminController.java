package lab.backpressure.producer.admin;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.support.settings.SettingsUpdater;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

@RestController
@RequestMapping("/admin")
class AdminController {

    private final SettingsUpdater settings;
    private final ItemLedger ledger;

    AdminController(SettingsUpdater settings, ItemLedger ledger) {
        this.settings = settings;
        this.ledger = ledger;
    }

    /** Every admin field: the generator's, {@code queue_mode}, and every mode's and delivery policy's parameters. */
    @GetMapping("/config")
    ObjectNode config() {
        return settings.json(settings.current());
    }

    /**
     * Partial update: any subset of the fields, each checked by the record that owns it; answers the whole new
     * config. The body is taken as a JSON object and sorted to its owners, since every strategy adds fields.
     * With {@code dry_run=true} it is checked the same way but changes nothing, and answers the config it would
     * have made: a caller (a scenario runner, say) can validate a whole plan before it starts.
     */
    @PostMapping("/config")
    ObjectNode update(@RequestBody ObjectNode update,
                      @RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
        return settings.json(dryRun ? settings.preview(update) : settings.apply(update));
    }

    /**
     * Every setting back to what the producer started with; answers the whole config. The queue and the totals
     * stay: clearing is {@code /clear-queue}'s, which counts what it drops.
     */
    @PostMapping("/reset")
    ObjectNode reset() {
        return settings.json(settings.reset());
    }

    /** Empties the queue; the removed items count as dropped (reason {@code cleared}). */
    @PostMapping("/clear-queue")
    Cleared clearQueue() {
        return new Cleared(ledger.clear());
    }

    record Cleared(int cleared) {
    }
}
