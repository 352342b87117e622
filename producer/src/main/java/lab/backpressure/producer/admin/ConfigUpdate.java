package lab.backpressure.producer.admin;

import lab.backpressure.producer.config.ProducerConfig;

/**
 * The body of {@code POST /admin/config}: any subset of the config's fields. A field left out, or given as
 * {@code null}, keeps its current value.
 */
public record ConfigUpdate(
        Double productionRate,
        String queueMode,
        Integer maxQueueSize,
        Double rateLimit,
        Integer payloadBytes,
        Boolean producing) {

    ProducerConfig applyTo(ProducerConfig current) {
        return new ProducerConfig(
                productionRate != null ? productionRate : current.productionRate(),
                queueMode != null ? queueMode : current.queueMode(),
                maxQueueSize != null ? maxQueueSize : current.maxQueueSize(),
                rateLimit != null ? rateLimit : current.rateLimit(),
                payloadBytes != null ? payloadBytes : current.payloadBytes(),
                producing != null ? producing : current.producing());
    }
}
