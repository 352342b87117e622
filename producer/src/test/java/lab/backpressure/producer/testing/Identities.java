package lab.backpressure.producer.testing;

import lab.backpressure.producer.accounting.LedgerSnapshot;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.fail;

/**
 * The producer's two accounting identities, {@code produced == enqueued + rejected} and
 * {@code enqueued == sent + failed + dropped + size + in_flight}, asserted in one place for the
 * ledger's snapshot and for {@code /status} alike. Both read their counts at one instant, so the
 * identities hold exactly; a failure shows both with every number.
 */
public final class Identities {

    private Identities() {
    }

    public static void assertHold(LedgerSnapshot books) {
        assertHold(books.produced(), books.enqueued(), books.rejected(), books.sent(), books.failed(),
                books.dropped(), books.size(), books.inFlight(), books);
    }

    /** On one {@code GET /status} answer; a count missing from it fails the test. */
    public static void assertHold(JsonNode status) {
        JsonNode totals = status.required("totals");
        assertHold(totals.required("produced").longValue(), totals.required("enqueued").longValue(),
                totals.required("rejected").longValue(), totals.required("sent").longValue(),
                totals.required("failed").longValue(), totals.required("dropped").longValue(),
                status.required("queue").required("size").longValue(), totals.required("in_flight").longValue(),
                status);
    }

    private static void assertHold(long produced, long enqueued, long rejected, long sent, long failed,
            long dropped, long size, long inFlight, Object source) {
        long admittedOrNot = enqueued + rejected;
        long accountedFor = sent + failed + dropped + size + inFlight;
        if (produced != admittedOrNot || enqueued != accountedFor) {
            fail("""
                    the accounting identities do not hold:
                      produced == enqueued + rejected: %d == %d + %d (%s)
                      enqueued == sent + failed + dropped + size + in_flight: %d == %d + %d + %d + %d + %d (%s)
                    in %s""".formatted(
                    produced, enqueued, rejected, verdict(produced, admittedOrNot),
                    enqueued, sent, failed, dropped, size, inFlight, verdict(enqueued, accountedFor),
                    source));
        }
    }

    private static String verdict(long left, long right) {
        return left == right ? "holds" : "off by " + (left - right);
    }
}
