package lab.backpressure.producer.delivery;

import java.time.Duration;

/**
 * The current {@code attempt_timeout_ms}, read for every attempt. The retry policy that owns the setting provides it,
 * so the delivery package names no class of {@code delivery.retry} (which depends on it): no package cycle.
 */
public interface AttemptTimeout {

    Duration attemptTimeout();
}
