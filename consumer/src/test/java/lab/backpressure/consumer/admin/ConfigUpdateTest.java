package lab.backpressure.consumer.admin;

import static org.assertj.core.api.Assertions.assertThat;

import lab.backpressure.consumer.processing.ProcessingConfig;
import org.junit.jupiter.api.Test;

class ConfigUpdateTest {

    private final ProcessingConfig slowedDown = new ProcessingConfig(100, 5.0, false, 50, 500, 1, 0);

    @Test
    void changesOnlyTheFieldsGiven() {
        ConfigUpdate update = new ConfigUpdate(null, true, 20L, null, 4, 30L);

        assertThat(update.applyTo(slowedDown)).isEqualTo(new ProcessingConfig(100, 5.0, true, 20, 500, 4, 30));
    }

    @Test
    void settingTheProcessingTimeEndsTheSlowDown() {
        ConfigUpdate backToNormal = new ConfigUpdate(100L, null, null, null, null, null);

        assertThat(backToNormal.applyTo(slowedDown)).isEqualTo(new ProcessingConfig(100, 1.0, false, 50, 500, 1, 0));
    }

    @Test
    void anEmptyUpdateChangesNothing() {
        assertThat(new ConfigUpdate(null, null, null, null, null, null).applyTo(slowedDown)).isEqualTo(slowedDown);
    }
}
