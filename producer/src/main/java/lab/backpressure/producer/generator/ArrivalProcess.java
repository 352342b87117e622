package lab.backpressure.producer.generator;

import java.util.Set;

import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;

/**
 * When the generator's items arrive, at a given average rate: evenly, as a Poisson process, or in bursts.
 * Each process is one Spring bean, chosen by {@code arrival}; the generator's thread alone draws from it.
 */
interface ArrivalProcess {

    /** The name in {@code arrival}. */
    String name();

    /** The gap before the next item, in nanoseconds, for an average of {@code rate} items/s. */
    long nextGapNanos(double rate);

    /**
     * Starts the sequence of gaps afresh from the settings (the seed of a random one), so a run that sets the
     * same settings replays the same arrival times.
     */
    default void restart(Settings settings) {
    }

    /** The settings records this process reads besides {@link ArrivalChoice}: a change to one restarts it. */
    default Set<Class<? extends AdminSettings>> settingsTypes() {
        return Set.of();
    }
}
