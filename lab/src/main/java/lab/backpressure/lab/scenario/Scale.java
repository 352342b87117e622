package lab.backpressure.lab.scenario;

/**
 * How a figure changes when a run is time-compressed: rates grow with the speed-up, times shrink with it, and
 * counts of items (queue sizes, the identities) stay as they are.
 */
public enum Scale {
    NONE,
    RATE,
    TIME
}
