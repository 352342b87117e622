package lab.backpressure.labtests.support;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared identity assertion on readings made up here: it holds, it breaks, and a missing field is no 0. */
class ProducerStatusTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** 120 produced: 20 rejected, 100 enqueued = 70 sent + 5 failed + 10 dropped + 12 queued + 3 in flight. */
    private static ObjectNode balanced() {
        return (ObjectNode) JSON.readTree("""
                {"queue": {"size": 12, "memory_bytes": 0, "memory_mb": 0.0},
                 "totals": {"produced": 120, "enqueued": 100, "rejected": 20, "dropped": 10, "sent": 70,
                            "failed": 5, "in_flight": 3},
                 "delivery": {"circuit": {"state": "closed"}}}""");
    }

    private static ObjectNode totals(ObjectNode status) {
        return (ObjectNode) status.get("totals");
    }

    @Test
    void balancedBooksPass() {
        assertThatCode(() -> new ProducerStatus(balanced()).assertIdentities()).doesNotThrowAnyException();
    }

    @Test
    void brokenBooksFailWithEveryFigure() {
        ObjectNode status = balanced();
        totals(status).put("sent", 69);

        assertThatThrownBy(() -> new ProducerStatus(status).assertIdentities()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("enqueued == sent + failed + dropped + size + in_flight: 100 == 69 + 5 + 10 + 12 + 3"
                        + " (off by 1)");
    }

    @Test
    void aRenamedFieldFailsNamingItWhereZeroWouldBalance() {
        ObjectNode status = balanced();
        totals(status).remove("in_flight");
        totals(status).put("inflight", 3).put("enqueued", 97).put("produced", 117);

        assertThatThrownBy(() -> new ProducerStatus(status).assertIdentities())
                .hasMessageContaining("/totals/in_flight");
    }

    @Test
    void aFigureOfTheWrongTypeFails() {
        ObjectNode status = balanced();
        totals(status).put("dropped", "10");
        ((ObjectNode) status.at("/delivery/circuit")).put("state", 1);

        assertThatThrownBy(() -> new ProducerStatus(status).assertIdentities()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("/totals/dropped is a whole number");
        assertThatThrownBy(() -> new ProducerStatus(status).circuitState()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("/delivery/circuit/state is a text");
    }
}
