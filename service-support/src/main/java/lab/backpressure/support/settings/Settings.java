package lab.backpressure.support.settings;

/** Read access to one complete set of settings records, current or candidate. */
@FunctionalInterface
public interface Settings {

    <S extends AdminSettings> S get(Class<S> type);

    /**
     * This set as it is now, unchanged by later updates: for a reader of several records that must see them all
     * from before an update or all from after it.
     */
    default Settings now() {
        return this;
    }
}
