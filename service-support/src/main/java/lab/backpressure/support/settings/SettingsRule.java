package lab.backpressure.support.settings;

/**
 * A check on a complete candidate set of settings that needs more than one record or the application's own
 * beans, such as "queue_mode names a registered mode". Every bean of this type runs on every update and at
 * startup, after each record passed its own checks.
 */
public interface SettingsRule {

    /** @throws InvalidFieldException naming the field to blame */
    void check(Settings candidate);
}
