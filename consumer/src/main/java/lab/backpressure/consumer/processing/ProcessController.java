package lab.backpressure.consumer.processing;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProcessController {

    private final WorkProcessor processor;
    private final BatchLimits batchLimits;

    ProcessController(WorkProcessor processor, ConsumerProperties properties) {
        this.processor = processor;
        this.batchLimits = properties.batchLimits();
    }

    @PostMapping("/process")
    ProcessedItem process(@RequestBody WorkItem item) throws InterruptedException {
        item.requireComplete();
        return processor.process(item);
    }

    @PostMapping("/process/batch")
    BatchResults processBatch(@RequestBody WorkBatch batch) throws InterruptedException {
        batch.requireValid(batchLimits);
        return processor.process(batch);
    }
}
