package lab.backpressure.lab.run;

/** A reading in which the producer's accounting identities do not hold: the run is invalid, whatever else it shows. */
public final class BooksBroken extends RuntimeException {

    public BooksBroken(String identity) {
        super("the producer's accounting identities broke: " + identity);
    }
}
