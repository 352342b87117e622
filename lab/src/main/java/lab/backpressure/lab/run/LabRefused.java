package lab.backpressure.lab.run;

/** A service answered a request of a run with an error: the request, the status and what the service said. */
public final class LabRefused extends RuntimeException {

    private final int status;
    private final String body;

    public LabRefused(String request, int status, String body) {
        super(request + " answered " + status + ": " + body);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
