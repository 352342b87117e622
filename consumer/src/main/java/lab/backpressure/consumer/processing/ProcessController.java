package lab.backpressure.consumer.processing;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProcessController {

    private final WorkProcessor processor;

    ProcessController(WorkProcessor processor) {
        this.processor = processor;
    }

    @PostMapping("/process")
    ProcessedItem process(@RequestBody WorkItem item) throws InterruptedException {
        item.requireComplete();
        return processor.process(item);
    }
}
