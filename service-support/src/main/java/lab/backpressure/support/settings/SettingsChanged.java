package lab.backpressure.support.settings;

import java.util.Set;

/** Published after an admin update replaced the settings records of these types (at least one). */
public record SettingsChanged(Set<Class<? extends AdminSettings>> types) {

    public boolean changed(Class<? extends AdminSettings> type) {
        return types.contains(type);
    }
}
