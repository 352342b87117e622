package lab.backpressure.consumer.processing;

/**
 * Which share of items fails on purpose, and how: {@code rate} 0 (none, the default) to 1 (all),
 * {@code mode} as in {@link FailureMode}, and {@code timeoutMs}, how long {@code timeout} holds a request.
 */
public record FailureInjection(double rate, FailureMode mode, long timeoutMs) {
}
