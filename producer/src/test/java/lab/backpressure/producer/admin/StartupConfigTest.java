package lab.backpressure.producer.admin;

import lab.backpressure.producer.ProducerApplication;
import lab.backpressure.support.problem.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The startup config obeys the admin rules: a bad value stops the producer before it serves anything. */
class StartupConfigTest {

    @Test
    void anUnknownModeAtStartupIsRefusedByName() {
        assertThatThrownBy(() -> SpringApplication.run(ProducerApplication.class,
                "--server.port=0", "--lab.producer.producing=false", "--lab.producer.queue-mode=drop_everything"))
                .rootCause()
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("queue_mode 'drop_everything' is not a known mode");
    }
}
