package lab.backpressure.support.settings;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import lab.backpressure.support.problem.InvalidFieldException;

/**
 * The registered strategies of one kind (queue modes, limit algorithms, ...) by name, and the rule that the
 * admin field choosing one names a registered one.
 */
public class Strategies<T> implements SettingsRule {

    private final String field;
    private final String noun;
    private final Function<Settings, String> chosenName;
    private final Map<String, T> byName = new TreeMap<>();

    /**
     * @param field      the admin field that chooses one
     * @param noun       what one is called in an error, e.g. "mode"
     * @param chosenName the name the field holds in a set of settings
     */
    protected Strategies(String field, String noun, Function<Settings, String> chosenName, List<T> registered,
                         Function<T, String> name) {
        this.field = field;
        this.noun = noun;
        this.chosenName = chosenName;
        for (T strategy : registered) {
            if (byName.putIfAbsent(name.apply(strategy), strategy) != null) {
                throw new IllegalStateException("two strategies for %s are named %s".formatted(field, name.apply(strategy)));
            }
        }
    }

    /** The admin field that chooses one, e.g. {@code queue_mode}. */
    public String field() {
        return field;
    }

    /** The valid values of the field, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }

    public Collection<T> all() {
        return byName.values();
    }

    public T named(String name) {
        T strategy = byName.get(name);
        if (strategy == null) {
            throw new IllegalArgumentException("no %s named %s; known: %s".formatted(field, name, names()));
        }
        return strategy;
    }

    /** The strategy the settings choose; an unknown name is refused as bad input, at startup too. */
    public T chosenIn(Settings settings) {
        check(settings);
        return byName.get(chosenName.apply(settings));
    }

    @Override
    public void check(Settings candidate) {
        String name = chosenName.apply(candidate);
        if (!byName.containsKey(name)) {
            throw new InvalidFieldException(field, "%s '%s' is not a known %s; known %ss: %s"
                    .formatted(field, InvalidFieldException.quote(name), noun, noun, names()));
        }
    }
}
