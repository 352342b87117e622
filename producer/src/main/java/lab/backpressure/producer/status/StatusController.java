package lab.backpressure.producer.status;

import java.util.LinkedHashMap;
import java.util.Map;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.LedgerSnapshot;
import lab.backpressure.producer.config.ProducerProperties;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.producer.generator.ProductionSettings;
import lab.backpressure.producer.delivery.ConsumerHealth;
import lab.backpressure.producer.delivery.DeliveryPolicies;
import lab.backpressure.producer.delivery.Transports;
import lab.backpressure.producer.delivery.limit.DeliveryLimiter;
import lab.backpressure.producer.mode.QueueMode;
import lab.backpressure.producer.mode.TakeOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StatusController {

    private final String service;
    private final String consumerUrl;
    private final Settings settings;
    private final ItemLedger ledger;
    private final ConsumerHealth consumerHealth;
    private final ProcessStats process;
    private final DeliveryLimiter limiter;
    private final DeliveryPolicies policies;
    private final Transports transports;

    StatusController(@Value("${spring.application.name}") String service, ProducerProperties properties,
                     Settings settings, ItemLedger ledger, ConsumerHealth consumerHealth, ProcessStats process,
                     DeliveryLimiter limiter, DeliveryPolicies policies, Transports transports) {
        this.service = service;
        this.consumerUrl = properties.consumerUrl().toString();
        this.settings = settings;
        this.ledger = ledger;
        this.consumerHealth = consumerHealth;
        this.process = process;
        this.limiter = limiter;
        this.policies = policies;
        this.transports = transports;
    }

    @GetMapping("/status")
    ProducerStatus status() {
        ProductionSettings current = settings.get(ProductionSettings.class);
        LedgerSnapshot books = ledger.snapshot();
        ConsumerHealth.View consumer = consumerHealth.view();
        return new ProducerStatus(service, current.productionRate(), current.producing(),
                queue(books, ledger.takeOrder()),
                new ProducerStatus.Totals(books.produced(), books.enqueued(), books.rejected(), books.dropped(),
                        books.sent(), books.failed(), books.inFlight(), books.failedAttempts(), books.throttled(),
                        books.good(), books.attempts()),
                process.read(),
                new ProducerStatus.Consumer(consumerUrl, consumer.reachable(), consumer.lastError(),
                        consumer.backoff().toMillis()),
                delivery());
    }

    private Map<String, Object> delivery() {
        Map<String, Object> delivery = new LinkedHashMap<>(limiter.status());
        delivery.putAll(policies.status());
        delivery.putAll(transports.status());
        return delivery;
    }

    private static Map<String, Object> queue(LedgerSnapshot books, TakeOrder order) {
        QueueMode mode = books.mode();
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("mode", mode.name());
        queue.put("size", books.size());
        queue.put("max_size", mode.capacity().isPresent() ? mode.capacity().getAsInt() : null);
        queue.put("rate_limit", mode.rateLimit().isPresent() ? mode.rateLimit().getAsDouble() : null);
        queue.put("memory_mb", Mebibytes.of(books.memoryBytes()));
        queue.put("memory_bytes", books.memoryBytes());
        queue.putAll(mode.status());
        queue.put("take_order", order.name());
        queue.put("lifo_active", order.lifoActive());
        queue.putAll(order.status());
        return queue;
    }
}
