package lab.backpressure.lab.scenario;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundTest {

    @Test
    void aNumberToEqualIsComparedAsANumberAndScaledLikeTheOtherBounds() {
        Bound two = new Bound(Optional.empty(), Optional.empty(), Optional.of("2"));

        assertThat(two.admits(2.0)).isTrue();
        assertThat(two.admits(2.5)).isFalse();
        assertThat(two.admits("2")).as("a text that reads like the number").isTrue();
        assertThat(two.scaled(5).admits(10.0)).isTrue();
        assertThat(two.scaled(5)).hasToString("equal to 10");
    }

    @Test
    void aTextToEqualStaysAsItIs() {
        Bound bounded = new Bound(Optional.empty(), Optional.empty(), Optional.of("bounded"));

        assertThat(bounded.admits("bounded")).isTrue();
        assertThat(bounded.admits("unbounded")).isFalse();
        assertThat(bounded.scaled(5)).isEqualTo(bounded);
    }
}
