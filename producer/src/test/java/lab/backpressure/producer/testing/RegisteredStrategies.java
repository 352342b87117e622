package lab.backpressure.producer.testing;

import java.util.List;
import java.util.Map;

import lab.backpressure.support.settings.Strategies;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strategies registered as beans, against a test's table of rows by admin field and name: so that a new kind of
 * strategy, or a new strategy of a kind, fails the test until its rows are written, rather than going untested.
 */
public final class RegisteredStrategies {

    private RegisteredStrategies() {
    }

    public static void assertEveryOneHasARow(List<Strategies<?>> registries, Map<String, ? extends Map<String, ?>> rows,
                                             String table) {
        assertThat(registries).extracting(Strategies::field).as("the kinds of strategy registered, against %s", table)
                .containsExactlyInAnyOrderElementsOf(rows.keySet());
        for (Strategies<?> registered : registries) {
            assertThat(rows.get(registered.field()).keySet())
                    .as("a row in %s for every registered %s", table, registered.field())
                    .containsExactlyInAnyOrderElementsOf(registered.names());
        }
    }
}
