package lab.backpressure.consumer.processing;

import java.util.Locale;

/**
 * When a late item's deadline passed, as {@code consumer_processing_late_seconds_total{deadline_passed}} tells
 * them apart: {@code before_start} is work nobody waited for from its first moment, which {@code drop_expired}
 * does not begin; {@code while_processing} is work begun in time that ran past the deadline.
 */
enum DeadlinePassed {
    BEFORE_START,
    WHILE_PROCESSING;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
