package lab.backpressure.producer.queue;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether delivery throws away items whose client deadline ({@code client_deadline_ms}) has already passed when
 * they are taken from the queue ({@code lab.producer.drop-past-deadline}, admin field {@code drop_past_deadline}):
 * {@code on} drops them, counted as {@code dropped{reason="client_deadline"}}, instead of sending work nobody waits
 * for; {@code off}, the default, sends them as the handout does. Items without a deadline are never dropped.
 */
@ConfigurationProperties("lab.producer")
record PastDeadline(
        @NotNull @Pattern(regexp = "on|off", message = "must be on or off") @DefaultValue("off")
        String dropPastDeadline) implements AdminSettings {

    private static final String ON = "on";

    public boolean drops() {
        return ON.equals(dropPastDeadline);
    }
}
