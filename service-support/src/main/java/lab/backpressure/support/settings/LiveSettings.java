package lab.backpressure.support.settings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's current settings, one record per type. An update swaps in a whole new map, so a reader on
 * any thread sees one consistent set: records from before an update or after it, never a mix.
 */
final class LiveSettings implements Settings {

    /** What the service started with, for {@code POST /admin/reset}. */
    private final Map<Class<? extends AdminSettings>, AdminSettings> startup;
    private volatile Map<Class<? extends AdminSettings>, AdminSettings> current;

    LiveSettings(List<? extends AdminSettings> initial) {
        Map<Class<? extends AdminSettings>, AdminSettings> records = new LinkedHashMap<>();
        for (AdminSettings settings : initial) {
            if (records.put(settings.getClass(), settings) != null) {
                throw new IllegalStateException("two settings records of type " + settings.getClass().getName());
            }
        }
        this.startup = Map.copyOf(records);
        this.current = startup;
    }

    @Override
    public <S extends AdminSettings> S get(Class<S> type) {
        return get(current, type);
    }

    @Override
    public Settings now() {
        Map<Class<? extends AdminSettings>, AdminSettings> now = current;
        return new Settings() {
            @Override
            public <S extends AdminSettings> S get(Class<S> type) {
                return LiveSettings.get(now, type);
            }
        };
    }

    private static <S extends AdminSettings> S get(Map<Class<? extends AdminSettings>, AdminSettings> records,
                                                   Class<S> type) {
        AdminSettings settings = records.get(type);
        if (settings == null) {
            throw new IllegalArgumentException("no settings record of type " + type.getName());
        }
        return type.cast(settings);
    }

    Collection<AdminSettings> all() {
        return current.values();
    }

    /** The current records with {@code changed} in place of their types' records; nothing is changed yet. */
    Settings with(Map<Class<? extends AdminSettings>, AdminSettings> changed) {
        Map<Class<? extends AdminSettings>, AdminSettings> candidate = new LinkedHashMap<>(current);
        candidate.putAll(changed);
        return new Settings() {
            @Override
            public <S extends AdminSettings> S get(Class<S> type) {
                return LiveSettings.get(candidate, type);
            }
        };
    }

    /** The startup record of each type whose current record differs from it: what a reset has to put back. */
    Map<Class<? extends AdminSettings>, AdminSettings> changedSinceStartup() {
        Map<Class<? extends AdminSettings>, AdminSettings> now = current;
        Map<Class<? extends AdminSettings>, AdminSettings> changed = new LinkedHashMap<>();
        startup.forEach((type, record) -> {
            if (!record.equals(now.get(type))) {
                changed.put(type, record);
            }
        });
        return changed;
    }

    void replace(Map<Class<? extends AdminSettings>, AdminSettings> changed) {
        Map<Class<? extends AdminSettings>, AdminSettings> next = new LinkedHashMap<>(current);
        next.putAll(changed);
        current = Map.copyOf(next);
    }
}
