package lab.backpressure.producer.config;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import lab.backpressure.support.problem.InvalidFieldException;
import lab.backpressure.support.problem.UnreadableBody;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies {@code POST /admin/config}: sorts the fields to the records that own them, merges each into its
 * current record, checks every changed record (its constraint annotations, its own {@link AdminSettings#check()})
 * and then the whole candidate set (every {@link SettingsRule}), and only then swaps the records in and
 * publishes {@link SettingsChanged}. So a bad request changes nothing, and the startup settings obey the same
 * rules (a bad one stops the producer from starting).
 */
public final class SettingsUpdater {

    /** A record component's name as its admin field: {@code maxQueueSize} is {@code max_queue_size}. */
    private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    private final LiveSettings live;
    private final SettingsCatalogue catalogue;
    private final Validator validator;
    private final List<SettingsRule> rules;
    private final ApplicationEventPublisher events;

    public SettingsUpdater(LiveSettings live, SettingsCatalogue catalogue, Validator validator,
                           List<SettingsRule> rules, ApplicationEventPublisher events) {
        this.live = live;
        this.catalogue = catalogue;
        this.validator = validator;
        this.rules = rules;
        this.events = events;
        live.all().forEach(this::check);
        rules.forEach(rule -> rule.check(live));
    }

    /** Serialized, so two concurrent updates cannot interleave. Answers the whole new config. */
    public synchronized ObjectNode apply(ObjectNode update) {
        replace(checked(update));
        return current();
    }

    /**
     * {@code POST /admin/config?dry_run=true}: the same checks as {@link #apply}, so the same 400 for bad input, but
     * nothing changes; answers the whole config as {@code apply} would leave it. Serialized too, so the candidate
     * is built on one set of current records, not on one from before a concurrent update and one from after.
     */
    public synchronized ObjectNode preview(ObjectNode update) {
        return catalogue.toJson(live.with(checked(update)));
    }

    /**
     * {@code POST /admin/reset}: every record back to the one bound at startup (the handout's defaults, or the
     * startup properties), announced like an update for the types that differed. Those records passed every check
     * at startup, so there is nothing to refuse. Answers the whole config.
     */
    public synchronized ObjectNode reset() {
        replace(live.changedSinceStartup());
        return current();
    }

    /** The records {@code update} changes, each merged and checked, and the whole candidate set checked. */
    private Map<Class<? extends AdminSettings>, AdminSettings> checked(ObjectNode update) {
        Map<Class<? extends AdminSettings>, ObjectNode> byOwner = byOwner(update);
        Map<Class<? extends AdminSettings>, AdminSettings> changed = new LinkedHashMap<>();
        byOwner.forEach((type, fields) -> changed.put(type, merged(live.get(type), fields)));
        Settings candidate = live.with(changed);
        rules.forEach(rule -> rule.check(candidate));
        return changed;
    }

    private void replace(Map<Class<? extends AdminSettings>, AdminSettings> changed) {
        if (!changed.isEmpty()) {
            live.replace(changed);
            events.publishEvent(new SettingsChanged(Set.copyOf(changed.keySet())));
        }
    }

    /** Every admin field with its current value. */
    public ObjectNode current() {
        return catalogue.toJson(live);
    }

    private Map<Class<? extends AdminSettings>, ObjectNode> byOwner(ObjectNode update) {
        Map<Class<? extends AdminSettings>, ObjectNode> byOwner = new LinkedHashMap<>();
        update.properties().forEach(field -> {
            Class<? extends AdminSettings> owner = catalogue.owner(field.getKey());
            if (owner == null) {
                throw new InvalidFieldException(field.getKey(), "unknown field '%s'; known fields: %s"
                        .formatted(InvalidFieldException.quote(field.getKey()), catalogue.fields()));
            }
            byOwner.computeIfAbsent(owner, _ -> update.objectNode()).set(field.getKey(), field.getValue());
        });
        return byOwner;
    }

    private AdminSettings merged(AdminSettings current, ObjectNode fields) {
        AdminSettings next;
        try {
            next = catalogue.merge(current, fields);
        } catch (JacksonException unreadable) {
            UnreadableBody why = UnreadableBody.of(unreadable);
            throw new InvalidFieldException(why.field(), why.detail());
        }
        check(next);
        return next;
    }

    private void check(AdminSettings settings) {
        validator.validate(settings).stream()
                .min(Comparator.comparing(violation -> field(violation.getPropertyPath())))
                .ifPresent(SettingsUpdater::refuse);
        settings.check();
    }

    private static void refuse(ConstraintViolation<AdminSettings> violation) {
        String field = field(violation.getPropertyPath());
        throw new InvalidFieldException(field, "%s %s, was %s"
                .formatted(field, violation.getMessage(), InvalidFieldException.quote(violation.getInvalidValue())));
    }

    private static String field(Path path) {
        String last = null;
        for (Path.Node node : path) {
            last = node.getName();
        }
        return WORD_BOUNDARY.matcher(last).replaceAll("_").toLowerCase(Locale.ROOT);
    }
}
