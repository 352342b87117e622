package lab.backpressure.producer.config;

/**
 * The producer's live configuration, as {@code GET /admin/config} shows it. Immutable: a change is a new
 * instance, so every reader sees one consistent set of values.
 *
 * @param productionRate items per second the generator creates
 * @param queueMode      name of the active queue mode
 * @param maxQueueSize   the bound of the {@code bounded} mode (kept, and shown, in every mode)
 * @param rateLimit      items per second the {@code rate_limited} mode lets through (kept in every mode)
 * @param payloadBytes   size of each new item's payload
 * @param producing      false pauses the generator
 */
public record ProducerConfig(
        double productionRate,
        String queueMode,
        int maxQueueSize,
        double rateLimit,
        int payloadBytes,
        boolean producing) {

    /** Whether the queue mode built from this config would differ from the one built from {@code other}. */
    public boolean sameQueueAs(ProducerConfig other) {
        return queueMode.equals(other.queueMode)
                && maxQueueSize == other.maxQueueSize
                && rateLimit == other.rateLimit;
    }
}
