package lab.backpressure.consumer.processing;

/** A single-item request failed on purpose (failure injection); {@code mode} says how it must end. */
public class InjectedFailureException extends RuntimeException {

    private final FailureMode mode;

    InjectedFailureException(FailureMode mode, String detail) {
        super(detail);
        this.mode = mode;
    }

    public FailureMode mode() {
        return mode;
    }
}
