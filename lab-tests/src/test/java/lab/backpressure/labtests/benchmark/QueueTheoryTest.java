package lab.backpressure.labtests.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QueueTheoryTest {

    @Test
    void littlesLawMultipliesTheRateByTheWait() {
        assertThat(QueueTheory.littlesQueue(50, 2)).isEqualTo(100);
    }

    @Test
    void anMm1kQueueBlocksAsTheTextbookSays() {
        // ρ = 0.5, K = 2: (0.5 × 0.25) ÷ (1 − 0.125) = 1/7
        assertThat(QueueTheory.mm1kBlocking(5, 10, 2)).isCloseTo(1.0 / 7, within(1e-12));
        // ρ = 1: every state equally likely, 1 ÷ (K + 1)
        assertThat(QueueTheory.mm1kBlocking(10, 10, 101)).isCloseTo(1.0 / 102, within(1e-12));
        // ρ = 2, K = 2: (−1 × 4) ÷ (1 − 8) = 4/7
        assertThat(QueueTheory.mm1kBlocking(20, 10, 2)).isCloseTo(4.0 / 7, within(1e-12));
    }

    @Test
    void aLongQueueFarOverloadedTurnsAwayAllButTheCapacity() {
        // ρ = 5, K = 102: 5^102 overflows nothing, and the answer is 1 − 1/ρ
        assertThat(QueueTheory.mm1kBlocking(250, 50, 102)).isCloseTo(0.8, within(1e-12));
        assertThat(QueueTheory.mm1kBlocking(25, 50, 102)).isCloseTo(0, within(1e-12));
    }
}
