package lab.backpressure.consumer.processing;

/** Answer to {@code POST /process}: which item was processed and for how long. */
record ProcessedItem(long id, long processingTimeMs) {
}
