package lab.backpressure.producer.produce;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProduceController {

    private final BurstProducer burst;

    ProduceController(BurstProducer burst) {
        this.burst = burst;
    }

    @PostMapping("/produce")
    BurstResult produce(@RequestBody ProduceRequest request) {
        return burst.produce(request.count());
    }

    record ProduceRequest(Integer count) {
    }
}
