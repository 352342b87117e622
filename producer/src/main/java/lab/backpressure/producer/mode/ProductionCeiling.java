package lab.backpressure.producer.mode;

/**
 * The {@code production_rate} set now, which {@code adaptive} never goes above. The generator's settings provide it,
 * so the modes need not know the generator (which offers its items to the modes).
 */
@FunctionalInterface
public interface ProductionCeiling {

    double itemsPerSecond();
}
