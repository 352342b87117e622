package lab.backpressure.consumer.processing;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProcessController {

    private final WorkProcessor processor;
    private final BatchLimits batchLimits;

    ProcessController(WorkProcessor processor, ConsumerLimits limits) {
        this.processor = processor;
        this.batchLimits = limits.batchLimits();
    }

    /**
     * The admission was given by the web layer before the body was read: shed requests never get here. The item's
     * deadline comes in a header, as its priority does, so its JSON stays the contract's.
     */
    @PostMapping("/process")
    ProcessedItem process(@RequestBody WorkItem item, @RequestAttribute(Admission.ATTRIBUTE) Admission admission,
            @RequestHeader(name = WorkItem.DEADLINE_HEADER, required = false) @Nullable String deadline,
            @RequestHeader(name = WorkItem.ATTEMPT_DEADLINE_HEADER, required = false) @Nullable String attemptDeadline)
            throws InterruptedException {
        WorkItem withDeadline = item.withDeadlineHeader(deadline).withAttemptDeadlineHeader(attemptDeadline);
        withDeadline.requireComplete();
        return processor.process(withDeadline, admission);
    }

    @PostMapping("/process/batch")
    BatchResults processBatch(@RequestBody WorkBatch batch, @RequestAttribute(Admission.ATTRIBUTE) Admission admission,
            @RequestHeader(name = WorkItem.ATTEMPT_DEADLINE_HEADER, required = false) @Nullable String attemptDeadline)
            throws InterruptedException {
        batch.requireValid(batchLimits);
        return processor.process(batch.withAttemptDeadlineHeader(attemptDeadline), admission);
    }
}
