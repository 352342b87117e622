package lab.backpressure.producer.delivery.limit;

import java.util.Set;

import com.netflix.concurrency.limits.Limit;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;

/**
 * How many deliveries may be in flight at once, and how that number moves: one of Netflix
 * concurrency-limits' algorithms with lab-sized settings. Each algorithm is one Spring bean, chosen by
 * {@code delivery_limit}; its parameters are an {@code AdminSettings} record of its own.
 */
public interface LimitAlgorithm {

    /** The name in {@code delivery_limit} and in {@code /status.delivery.limit_algorithm}. */
    String name();

    /** The settings records {@link #create} reads: a change to one of them builds a new limit. */
    Set<Class<? extends AdminSettings>> settingsTypes();

    /** A fresh limit from the current settings; a change of algorithm or of its settings builds a new one. */
    Limit create(Settings settings);

    /**
     * Whether a throttle or a timeout is fed to the limit as a drop. Loss-based algorithms (AIMD, Vegas)
     * need them; Gradient2 reads only round-trip times and would mistake a fast 429 for a fast success.
     */
    default boolean learnsFromDrops() {
        return true;
    }
}
