package lab.backpressure.consumer.admin;

import static lab.backpressure.consumer.processing.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;

import lab.backpressure.consumer.processing.FailureInjection;
import lab.backpressure.consumer.processing.FailureMode;
import lab.backpressure.consumer.processing.ProcessingConfig;
import lab.backpressure.consumer.processing.Shedding;
import org.junit.jupiter.api.Test;

class ConfigUpdateTest {

    private final ProcessingConfig slowedDown = config(100, 5.0, false, 50, 500, 1, 0);

    @Test
    void changesOnlyTheFieldsGiven() {
        ConfigUpdate update = new ConfigUpdate(null, true, 20L, null, 4, 30L, null, null, null, null, null);

        assertThat(update.applyTo(slowedDown)).isEqualTo(config(100, 5.0, true, 20, 500, 4, 30));
    }

    @Test
    void changesOnlyTheFailureFieldsGiven() {
        ConfigUpdate update = new ConfigUpdate(null, null, null, null, null, null, null, null, 0.25, null, 1_000L);

        assertThat(update.applyTo(slowedDown).failureInjection())
                .isEqualTo(new FailureInjection(0.25, FailureMode.ERROR, 1_000));
    }

    @Test
    void changesOnlyTheSheddingFieldsGiven() {
        ConfigUpdate update = new ConfigUpdate(null, null, null, null, null, null, 5, null, null, null, null);

        assertThat(update.applyTo(slowedDown).shedding()).isEqualTo(new Shedding(5, 2));
    }

    @Test
    void settingTheProcessingTimeEndsTheSlowDown() {
        ConfigUpdate backToNormal = new ConfigUpdate(100L, null, null, null, null, null, null, null, null, null, null);

        assertThat(backToNormal.applyTo(slowedDown)).isEqualTo(config(100, 1.0, false, 50, 500, 1, 0));
    }

    @Test
    void anEmptyUpdateChangesNothing() {
        ConfigUpdate empty = new ConfigUpdate(null, null, null, null, null, null, null, null, null, null, null);

        assertThat(empty.applyTo(slowedDown)).isEqualTo(slowedDown);
    }
}
