package lab.backpressure.consumer.status;

/**
 * What the consumer is doing, shown by {@code GET /status} after its config.
 *
 * @param processed {@code good + late}, from the same reading of both
 * @param good      items processed by their deadline, or without one
 * @param late      items processed after their deadline: wasted work
 * @param expired   items answered expired without processing ({@code drop_expired}): not a part of processed
 * @param rejectionTimeMs processing-slot time spent on shed requests ({@code reject_cost_ms} each)
 * @param rejectionOwedMs the shed requests' cost not yet paid by a slot
 */
record ConsumerStatus(
        long processed,
        long good,
        long late,
        long expired,
        long failed,
        long shed,
        int inFlight,
        int waiting,
        int lastBatchSize,
        long rejectionTimeMs,
        long rejectionOwedMs) {
}
