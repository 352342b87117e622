package lab.backpressure.producer.status;

import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.accounting.LedgerSnapshot;
import lab.backpressure.producer.config.LiveConfig;
import lab.backpressure.producer.config.ProducerConfig;
import lab.backpressure.producer.config.ProducerProperties;
import lab.backpressure.producer.delivery.ConsumerHealth;
import lab.backpressure.producer.queue.QueueMode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StatusController {

    private final String service;
    private final String consumerUrl;
    private final LiveConfig config;
    private final ItemLedger ledger;
    private final ConsumerHealth consumerHealth;
    private final ProcessStats process;

    StatusController(@Value("${spring.application.name}") String service, ProducerProperties properties,
                     LiveConfig config, ItemLedger ledger, ConsumerHealth consumerHealth, ProcessStats process) {
        this.service = service;
        this.consumerUrl = properties.consumerUrl().toString();
        this.config = config;
        this.ledger = ledger;
        this.consumerHealth = consumerHealth;
        this.process = process;
    }

    @GetMapping("/status")
    ProducerStatus status() {
        ProducerConfig current = config.get();
        LedgerSnapshot books = ledger.snapshot();
        ConsumerHealth.View consumer = consumerHealth.view();
        return new ProducerStatus(service, current.productionRate(), current.producing(),
                queue(books),
                new ProducerStatus.Totals(books.produced(), books.enqueued(), books.rejected(), books.dropped(),
                        books.sent(), books.failed(), books.inFlight(), books.failedAttempts()),
                process.read(),
                new ProducerStatus.Consumer(consumerUrl, consumer.reachable(), consumer.lastError(),
                        consumer.backoff().toMillis()));
    }

    private static ProducerStatus.Queue queue(LedgerSnapshot books) {
        QueueMode mode = books.mode();
        return new ProducerStatus.Queue(mode.name(), books.size(),
                mode.capacity().isPresent() ? mode.capacity().getAsInt() : null,
                mode.rateLimit().isPresent() ? mode.rateLimit().getAsDouble() : null,
                Mebibytes.of(books.memoryBytes()), books.memoryBytes());
    }
}
