package lab.backpressure.consumer.status;

import lab.backpressure.consumer.admin.ConfigJson;
import lab.backpressure.consumer.kafka.KafkaStatus;
import lab.backpressure.consumer.processing.ProcessingLoad;
import lab.backpressure.consumer.processing.RejectionCost;
import lab.backpressure.consumer.processing.WaitingRoom;
import lab.backpressure.support.settings.Settings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@RestController
class StatusController {

    private final String service;
    private final Settings settings;
    private final ConfigJson config;
    private final ProcessingLoad load;
    private final WaitingRoom waitingRoom;
    private final RejectionCost rejectionCost;
    private final JsonMapper json;
    private final ObjectProvider<KafkaStatus> kafka;

    StatusController(@Value("${spring.application.name}") String service, Settings settings, ConfigJson config,
            ProcessingLoad load, WaitingRoom waitingRoom, RejectionCost rejectionCost, JsonMapper json,
            ObjectProvider<KafkaStatus> kafka) {
        this.service = service;
        this.settings = settings;
        this.config = config;
        this.load = load;
        this.waitingRoom = waitingRoom;
        this.rejectionCost = rejectionCost;
        this.json = json;
        this.kafka = kafka;
    }

    /** The service, its config (as {@code GET /admin/config} shows it), then what it is doing. */
    @GetMapping("/status")
    ObjectNode status() {
        long good = load.good();
        long late = load.late();
        ConsumerStatus doing = new ConsumerStatus(good + late, good, late, load.expired(), load.failed(),
                waitingRoom.shed(), load.inFlight(), load.waiting(), load.lastBatchSize(),
                rejectionCost.paidMs(), rejectionCost.owedMs());
        ObjectNode status = json.createObjectNode().put("service", service);
        status.setAll(config.of(settings.now()));
        status.setAll(json.<ObjectNode>valueToTree(doing));
        // only with the Kafka lane on: the plain lab's status is as it was
        kafka.ifAvailable(lane -> status.set("kafka", json.valueToTree(lane.status())));
        return status;
    }
}
