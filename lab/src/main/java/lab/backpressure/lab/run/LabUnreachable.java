package lab.backpressure.lab.run;

/** A service of the lab did not answer: the message says which, the URL tried, and what to do. */
public final class LabUnreachable extends RuntimeException {

    public LabUnreachable(String message, Throwable cause) {
        super(message, cause);
    }
}
