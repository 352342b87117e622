package lab.backpressure.producer.delivery;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private final DeliveryProperties.Backoff backoff =
            new DeliveryProperties.Backoff(Duration.ofMillis(100), 2, Duration.ofSeconds(5));

    @Test
    void startsAtTheInitialPauseDoublesAndStopsAtTheMaximum() {
        StringBuilder pauses = new StringBuilder();
        for (int failure = 1; failure <= 9; failure++) {
            pauses.append(backoff.intervals().apply(failure)).append(' ');
        }

        assertThat(pauses.toString().trim()).isEqualTo("100 200 400 800 1600 3200 5000 5000 5000");
    }

    @Test
    void consumerHealthBacksOffWhileFailingAndResetsOnAnAnswer() {
        ConsumerHealth health = new ConsumerHealth(backoff);
        assertThat(health.view().reachable()).isFalse();
        assertThat(health.view().lastError()).isNull();

        assertThat(health.unavailable("down", DeliveryPolicy.NO_CAP)).isEqualTo(Duration.ofMillis(100));
        assertThat(health.unavailable("down", DeliveryPolicy.NO_CAP)).isEqualTo(Duration.ofMillis(200));
        assertThat(health.view()).isEqualTo(new ConsumerHealth.View(false, "down", Duration.ofMillis(200)));

        health.answered();
        assertThat(health.view()).isEqualTo(new ConsumerHealth.View(true, "down", Duration.ZERO));
        assertThat(health.unavailable("down again", DeliveryPolicy.NO_CAP)).as("a success resets the backoff").isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aPolicyCapsTheBackoff() {
        ConsumerHealth health = new ConsumerHealth(backoff);
        Duration longest = Duration.ofMillis(1000);
        StringBuilder pauses = new StringBuilder();
        for (int failure = 1; failure <= 7; failure++) {
            pauses.append(health.unavailable("down", longest).toMillis()).append(' ');
        }

        assertThat(pauses.toString().trim()).isEqualTo("100 200 400 800 1000 1000 1000");
        assertThat(health.view().backoff()).as("/status shows the pause taken").isEqualTo(longest);
    }
}
