package lab.backpressure.producer.mode;

/** Published after the ledger switched to a new queue mode. */
public record QueueModeSwitched(String mode) {
}
