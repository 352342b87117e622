package lab.backpressure.lab.run;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The identities on one producer reading: balanced, broken either way, and a figure missing, renamed or not whole. */
class BooksTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** 120 produced: 20 rejected, 100 enqueued = 70 sent + 5 failed + 10 dropped + 12 queued + 3 in flight. */
    private static ObjectNode balanced() {
        return (ObjectNode) JSON.readTree("""
                {"service": "producer",
                 "queue": {"mode": "bounded", "size": 12, "max_size": 100},
                 "totals": {"produced": 120, "enqueued": 100, "rejected": 20, "dropped": 10, "sent": 70,
                            "failed": 5, "in_flight": 3, "good": 70}}""");
    }

    private static ObjectNode totals(ObjectNode status) {
        return (ObjectNode) status.get("totals");
    }

    @Test
    void balancedBooksHold() {
        assertThat(Books.broken(balanced())).isEmpty();
    }

    @Test
    void anItemProducedButNeitherEnqueuedNorRejectedBreaksTheFirstIdentity() {
        ObjectNode status = balanced();
        totals(status).put("produced", 121);

        assertThat(Books.broken(status)).contains("produced (121) != enqueued (100) + rejected (20)");
    }

    @Test
    void anItemEnqueuedButNowhereNowBreaksTheSecondIdentity() {
        ObjectNode status = balanced();
        ((ObjectNode) status.get("queue")).put("size", 11);

        assertThat(Books.broken(status)).hasValueSatisfying(identity -> assertThat(identity)
                .startsWith("enqueued (100) != sent + failed + dropped + size + in_flight (99) in {"));
    }

    @Test
    void aRenamedTotalEndsTheReadingNamingItInsteadOfReadingZero() {
        ObjectNode status = balanced();
        // in flight as 0 would still balance if nothing were in flight: the rename must not pass unnoticed
        totals(status).remove("in_flight");
        totals(status).put("inflight", 3);
        totals(status).put("enqueued", 97).put("produced", 117);

        assertThatThrownBy(() -> Books.broken(status)).isInstanceOf(StatusFieldMissing.class)
                .hasMessage("the producer's /status has no field totals.in_flight, which the books need");
    }

    @Test
    void aMissingQueueSizeIsNamedToo() {
        ObjectNode status = balanced();
        status.remove("queue");

        assertThatThrownBy(() -> Books.broken(status)).isInstanceOf(StatusFieldMissing.class)
                .hasMessageContaining("has no field queue.size");
    }

    @Test
    void aFigureThatIsNotAWholeNumberIsRefusedWithWhatItHolds() {
        ObjectNode status = balanced();
        totals(status).put("sent", "70");

        assertThatThrownBy(() -> Books.broken(status)).isInstanceOf(StatusFieldMissing.class)
                .hasMessage("the producer's /status has \"70\" in totals.sent, not a whole number, which the books need");
    }

    @Test
    void aReadingWithoutTotalsAtAllIsNotBalanced() {
        JsonNode status = JSON.readTree("{\"service\": \"producer\", \"queue\": {\"size\": 0}}");

        assertThatThrownBy(() -> Books.broken(status)).isInstanceOf(StatusFieldMissing.class)
                .hasMessageContaining("has no field totals.produced");
    }
}
