package lab.backpressure.producer.config;

/**
 * One record of settings that {@code POST /admin/config} can change by its snake_case field names: the
 * generator's, the queue mode choice, each mode's and each delivery policy's own parameters. Each is a
 * {@code @ConfigurationProperties} record, so it is bound at startup from its prefix (and the matching
 * environment variables) and validated by its constraint annotations; a runtime change is merged into the
 * current record and validated the same way (see {@link SettingsUpdater}). A field name belongs to one
 * record only: a setting that several strategies read (say {@code max_queue_size}) lives in one of them.
 */
public interface AdminSettings {

    /**
     * A rule between this record's own fields that annotations cannot say (low below high, say).
     *
     * @throws InvalidFieldException naming the field to blame
     */
    default void check() {
    }
}
