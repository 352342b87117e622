package lab.backpressure.support.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lab.backpressure.support.problem.InvalidFieldException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The mechanism both services share, on two small records: what an update, a dry run and a reset change. */
class SettingsUpdaterTest {

    private static final int QUOTED_CHARS = 100;
    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    record Speed(@Positive int maxSpeed, int cruiseSpeed) implements AdminSettings {
        @Override
        public void check() {
            if (cruiseSpeed > maxSpeed) {
                throw new InvalidFieldException("cruise_speed", "cruise_speed must not exceed max_speed");
            }
        }
    }

    /** Set by an endpoint of its own, as the consumer's slow-down is. */
    record Brake(double brakeFactor) implements AdminSettings {
        @Override
        public boolean adminWritable() {
            return false;
        }
    }

    private final List<Object> events = new ArrayList<>();
    private final SettingsUpdater settings = SettingsUpdater.of(JSON,
            Validation.buildDefaultValidatorFactory().getValidator(), List.of(new Speed(10, 5), new Brake(1)),
            List.of(candidate -> {
                if (candidate.get(Brake.class).brakeFactor() > candidate.get(Speed.class).maxSpeed()) {
                    throw new InvalidFieldException("brake_factor", "brake_factor must not exceed max_speed");
                }
            }), events::add);

    @Test
    void anUpdateChangesItsFieldsAndAnnouncesTheirRecords() {
        Settings changed = settings.apply(json("{\"cruise_speed\": 7}"));

        assertThat(changed.get(Speed.class)).isEqualTo(new Speed(10, 7)).isEqualTo(settings.current().get(Speed.class));
        assertThat(events).containsExactly(new SettingsChanged(Set.of(Speed.class)));
        assertThat(settings.json(changed)).hasToString("{\"max_speed\":10,\"cruise_speed\":7,\"brake_factor\":1.0}");
    }

    @Test
    void aRecordOfItsOwnIsPutInWholeAndChecked() {
        assertThat(settings.apply(json("{}"), new Brake(3)).get(Brake.class)).isEqualTo(new Brake(3));
        assertThatThrownBy(() -> settings.apply(json("{}"), new Brake(11)))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("brake_factor"));
        assertThat(settings.current().get(Brake.class)).isEqualTo(new Brake(3));
    }

    @Test
    void aFieldThatAnEndpointOfItsOwnSetsIsUnknownToAnUpdate() {
        assertThatThrownBy(() -> settings.apply(json("{\"cruise_speed\": 7, \"brake_factor\": 2}")))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("brake_factor"))
                .hasMessage("unknown field 'brake_factor'; known fields: [cruise_speed, max_speed]");
        assertThat(settings.current().get(Speed.class)).isEqualTo(new Speed(10, 5));
        assertThat(events).isEmpty();
    }

    @Test
    void anUnknownFieldIsNamedAsQuotedInItsDetail() {
        String huge = "x".repeat(QUOTED_CHARS + 1);

        assertThatThrownBy(() -> settings.apply(json("{\"" + huge + "\": 1}")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field())
                        .isEqualTo("x".repeat(QUOTED_CHARS) + "…"));
    }

    @Test
    void aBadValueIsRefusedNamingItsFieldAndChangesNothing() {
        assertThatThrownBy(() -> settings.apply(json("{\"max_speed\": 0}")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("max_speed"))
                .hasMessage("max_speed must be greater than 0, was 0");
        assertThatThrownBy(() -> settings.apply(json("{\"cruise_speed\": 11}")))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("cruise_speed"));
        assertThatThrownBy(() -> settings.apply(json("{\"max_speed\": \"fast\"}")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("max_speed"));
        assertThat(settings.current().get(Speed.class)).isEqualTo(new Speed(10, 5));
        assertThat(events).isEmpty();
    }

    @Test
    void aDryRunAnswersWhatAnUpdateWouldMakeAndChangesNothing() {
        Settings wouldBe = settings.preview(json("{\"max_speed\": 20}"), new Brake(15));

        assertThat(wouldBe.get(Speed.class)).isEqualTo(new Speed(20, 5));
        assertThat(wouldBe.get(Brake.class)).isEqualTo(new Brake(15));
        assertThat(settings.current().get(Speed.class)).isEqualTo(new Speed(10, 5));
        assertThat(events).isEmpty();
    }

    @Test
    void aResetPutsBackTheStartupRecordsAndAnnouncesOnlyThoseThatDiffered() {
        settings.apply(json("{\"max_speed\": 20}"));
        events.clear();

        Settings reset = settings.reset();

        assertThat(reset.get(Speed.class)).isEqualTo(new Speed(10, 5));
        assertThat(events).containsExactly(new SettingsChanged(Set.of(Speed.class)));
    }

    @Test
    void aReadingOfNowStaysAsItWasAfterAnUpdate() {
        Settings before = settings.current();

        settings.apply(json("{\"max_speed\": 20}"));

        assertThat(before.get(Speed.class).maxSpeed()).isEqualTo(10);
        assertThat(settings.settings().get(Speed.class).maxSpeed()).isEqualTo(20);
    }

    private static ObjectNode json(String update) {
        return JSON.readValue(update, ObjectNode.class);
    }
}
