package lab.backpressure.producer.produce;

/**
 * The answer to {@code POST /produce}: {@code requested == accepted + rejected}.
 *
 * @param dropped queued items the mode threw away to make room for the accepted ones ({@code drop_oldest}, or
 *                expired ones {@code deadline} dropped on the way);
 *                they may be older items or earlier items of this burst
 */
record BurstResult(int requested, int accepted, int rejected, int dropped) {
}
