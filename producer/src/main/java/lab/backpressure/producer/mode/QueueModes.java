package lab.backpressure.producer.mode;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import lab.backpressure.support.settings.Strategies;
import org.springframework.stereotype.Component;

/** The registered queue modes, by name; and the rule that {@code queue_mode} names one of them. */
@Component
public final class QueueModes extends Strategies<QueueMode> {

    public QueueModes(List<QueueMode> registered) {
        super("queue_mode", "mode", settings -> settings.get(QueueModeChoice.class).queueMode(), registered, QueueMode::name);
    }

    /** Every reason any mode rejects with. */
    public Set<RejectionReason> rejectionReasons() {
        return Set.copyOf(all().stream().flatMap(mode -> mode.rejectionReasons().stream()).toList());
    }

    /** Every reason any mode drops with, and {@link DropReason#CLEARED}. */
    public Set<DropReason> dropReasons() {
        return Set.copyOf(Stream.concat(Stream.of(DropReason.CLEARED),
                all().stream().flatMap(mode -> mode.dropReasons().stream())).toList());
    }
}
