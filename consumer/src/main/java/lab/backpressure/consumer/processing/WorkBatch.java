package lab.backpressure.consumer.processing;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

import lab.backpressure.support.problem.InvalidFieldException;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /process/batch}: a plain JSON array of work items, each as {@code /process} takes it. */
record WorkBatch(List<WorkItem> items) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public WorkBatch {
    }

    public int size() {
        return items.size();
    }

    /**
     * A batch is taken whole or not at all: an empty or oversized batch, or one bad item, refuses the
     * batch before anything in it is processed. Items are named by their index, {@code [3].id}.
     */
    public void requireValid(BatchLimits limits) {
        if (items.isEmpty()) {
            throw new InvalidBodyException("the batch is empty; send at least one item");
        }
        limits.requireItemCount(items.size());
        for (int i = 0; i < items.size(); i++) {
            String at = "[" + i + "]";
            WorkItem item = items.get(i);
            if (item == null) {
                throw new InvalidFieldException(at, at + " must be a work item (a JSON object), got null");
            }
            item.requireComplete(at + ".");
        }
    }

    /** Every item with the request's {@code Attempt-Deadline}, as {@link WorkItem#withAttemptDeadlineHeader}. */
    WorkBatch withAttemptDeadlineHeader(@Nullable String header) {
        return header == null ? this
                : new WorkBatch(items.stream().map(item -> item.withAttemptDeadlineHeader(header)).toList());
    }
}
