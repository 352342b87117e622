package lab.backpressure.consumer.status;

import lab.backpressure.consumer.admin.ConfigView;
import lab.backpressure.consumer.processing.ProcessingLoad;
import lab.backpressure.consumer.processing.ProcessingSettings;
import lab.backpressure.consumer.processing.WaitingRoom;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StatusController {

    private final String service;
    private final ProcessingSettings settings;
    private final ProcessingLoad load;
    private final WaitingRoom waitingRoom;

    StatusController(@Value("${spring.application.name}") String service, ProcessingSettings settings,
            ProcessingLoad load, WaitingRoom waitingRoom) {
        this.service = service;
        this.settings = settings;
        this.load = load;
        this.waitingRoom = waitingRoom;
    }

    @GetMapping("/status")
    ConsumerStatus status() {
        long good = load.good();
        long late = load.late();
        return new ConsumerStatus(service, ConfigView.of(settings.current(), load.lastBatchSize()), good + late, good,
                late, load.failed(), waitingRoom.shed(), load.inFlight(), load.waiting(), load.lastBatchSize());
    }
}
