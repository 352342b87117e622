package lab.backpressure.support.settings;

import lab.backpressure.support.problem.InvalidFieldException;

/**
 * One record of settings that {@code POST /admin/config} can change by its snake_case field names. Each is a
 * {@code @ConfigurationProperties} record, so it is bound at startup from its prefix (and the matching environment
 * variables) and checked by its constraint annotations; a runtime change is merged into the current record and
 * checked the same way (see {@link SettingsUpdater}). A field name belongs to one record only: a setting that
 * several strategies read (say {@code max_queue_size}) lives in one of them.
 */
public interface AdminSettings {

    /**
     * A rule between this record's own fields that annotations cannot say (low below high, say).
     *
     * @throws InvalidFieldException naming the field to blame
     */
    default void check() {
    }

    /**
     * Whether {@code POST /admin/config} may set this record's fields. False for a record that an endpoint of its
     * own sets (the consumer's {@code POST /admin/slow-down}): its fields are shown and reset with the others, and
     * an update naming one is refused as an unknown field.
     */
    default boolean adminWritable() {
        return true;
    }
}
