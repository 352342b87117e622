package lab.backpressure.producer.produce;

/**
 * The answer to {@code POST /produce}: {@code requested == accepted + rejected + dropped}.
 *
 * @param dropped items a mode threw away to make room; no current mode does
 */
record BurstResult(int requested, int accepted, int rejected, int dropped) {
}
