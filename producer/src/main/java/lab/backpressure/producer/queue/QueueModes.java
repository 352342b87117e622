package lab.backpressure.producer.queue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import lab.backpressure.producer.api.InvalidFieldException;
import lab.backpressure.producer.config.Settings;
import lab.backpressure.producer.config.SettingsRule;
import org.springframework.stereotype.Component;

/** The registered queue modes, by name; and the rule that {@code queue_mode} names one of them. */
@Component
public final class QueueModes implements SettingsRule {

    private final Map<String, QueueMode> modes = new TreeMap<>();

    public QueueModes(List<QueueMode> registered) {
        for (QueueMode mode : registered) {
            if (modes.putIfAbsent(mode.name(), mode) != null) {
                throw new IllegalStateException("two queue modes are named " + mode.name());
            }
        }
    }

    /** The valid values of {@code queue_mode}, sorted. */
    public Set<String> names() {
        return modes.keySet();
    }

    public QueueMode named(String name) {
        QueueMode mode = modes.get(name);
        if (mode == null) {
            throw new IllegalArgumentException("unknown queue mode " + name + "; known: " + names());
        }
        return mode;
    }

    /** The mode {@code queue_mode} names; an unknown name is refused as bad input, at startup too. */
    public QueueMode chosenIn(Settings settings) {
        check(settings);
        return named(settings.get(QueueModeChoice.class).queueMode());
    }

    /** Every reason any mode rejects with. */
    public Set<RejectionReason> rejectionReasons() {
        return reasons(modes.values().stream().flatMap(mode -> mode.rejectionReasons().stream()));
    }

    /** Every reason any mode drops with, and {@link DropReason#CLEARED}. */
    public Set<DropReason> dropReasons() {
        return reasons(Stream.concat(Stream.of(DropReason.CLEARED),
                modes.values().stream().flatMap(mode -> mode.dropReasons().stream())));
    }

    private static <R> Set<R> reasons(Stream<R> reasons) {
        return Set.copyOf(reasons.toList());
    }

    @Override
    public void check(Settings candidate) {
        String name = candidate.get(QueueModeChoice.class).queueMode();
        if (!modes.containsKey(name)) {
            throw new InvalidFieldException("queue_mode", "queue_mode '%s' is not a known mode; known modes: %s"
                    .formatted(InvalidFieldException.quote(name), names()));
        }
    }
}
