package lab.backpressure.consumer.processing;

import java.util.List;

/** Answer to {@code POST /process/batch}: one result per item, in the order of the batch. */
record BatchResults(List<ItemResult> results) {
}
