package lab.backpressure.support.settings;

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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies {@code POST /admin/config}: sorts the fields to the records that own them, merges each into its
 * current record, checks every changed record (its constraint annotations, its own {@link AdminSettings#check()})
 * and then the whole candidate set (every {@link SettingsRule}), and only then swaps the records in and
 * publishes {@link SettingsChanged}. So a bad request changes nothing, and the startup settings obey the same
 * rules (a bad one stops the service from starting). Every change is serialized, so two cannot interleave.
 */
public final class SettingsUpdater {

    /** A record component's name as its admin field: {@code maxQueueSize} is {@code max_queue_size}. */
    private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    private final LiveSettings live;
    private final SettingsCatalogue catalogue;
    private final Validator validator;
    private final List<SettingsRule> rules;
    private final ApplicationEventPublisher events;

    /**
     * The settings of a service made of {@code startup} records, checked by {@code rules}, each change announced to
     * {@code events}; the records are read and written as JSON by {@code json}, so in the API's naming.
     *
     * @throws InvalidFieldException when a startup record breaks a check
     */
    public static SettingsUpdater of(JsonMapper json, Validator validator, List<? extends AdminSettings> startup,
                                     List<SettingsRule> rules, ApplicationEventPublisher events) {
        return new SettingsUpdater(new LiveSettings(startup), new SettingsCatalogue(json, startup), validator, rules,
                events);
    }

    SettingsUpdater(LiveSettings live, SettingsCatalogue catalogue, Validator validator, List<SettingsRule> rules,
                    ApplicationEventPublisher events) {
        this.live = live;
        this.catalogue = catalogue;
        this.validator = validator;
        this.rules = rules;
        this.events = events;
        live.all().forEach(this::check);
        rules.forEach(rule -> rule.check(live));
    }

    /**
     * Changes the fields in {@code update} and puts in the whole records {@code also} (what an endpoint of its own
     * sets, or what the update ends: the consumer's processing_time_ms ends a slow-down). Answers the new settings.
     */
    public synchronized Settings apply(ObjectNode update, AdminSettings... also) {
        replace(checked(update, also));
        return live.now();
    }

    /**
     * {@code POST /admin/config?dry_run=true}: the same checks as {@link #apply}, so the same 400 for bad input, but
     * nothing changes; answers the settings {@code apply} would leave. Serialized too, so the candidate is built on
     * one set of current records, not on one from before a concurrent update and one from after.
     */
    public synchronized Settings preview(ObjectNode update, AdminSettings... also) {
        return live.with(checked(update, also));
    }

    /**
     * {@code POST /admin/reset}: every record back to the one bound at startup (the handout's defaults, or the
     * startup properties), announced like an update for the types that differed. Those records passed every check
     * at startup, so there is nothing to refuse.
     */
    public synchronized Settings reset() {
        replace(live.changedSinceStartup());
        return live.now();
    }

    /** The live settings: each read sees the records current then. */
    public Settings settings() {
        return live;
    }

    public Settings current() {
        return live.now();
    }

    /** Every admin field of {@code settings} with its value, as {@code GET /admin/config} shows them. */
    public ObjectNode json(Settings settings) {
        return catalogue.toJson(settings);
    }

    /** The records the request changes, each merged and checked, and the whole candidate set checked. */
    private Map<Class<? extends AdminSettings>, AdminSettings> checked(ObjectNode update, AdminSettings... also) {
        Map<Class<? extends AdminSettings>, AdminSettings> changed = new LinkedHashMap<>();
        byOwner(update).forEach((type, fields) -> changed.put(type, merged(live.get(type), fields)));
        for (AdminSettings record : also) {
            check(record);
            changed.put(record.getClass(), record);
        }
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

    private Map<Class<? extends AdminSettings>, ObjectNode> byOwner(ObjectNode update) {
        Map<Class<? extends AdminSettings>, ObjectNode> byOwner = new LinkedHashMap<>();
        update.properties().forEach(field -> {
            Class<? extends AdminSettings> owner = catalogue.writableOwner(field.getKey());
            if (owner == null) {
                String name = InvalidFieldException.quote(field.getKey());
                throw new InvalidFieldException(name, "unknown field '%s'; known fields: %s"
                        .formatted(name, catalogue.writableFields()));
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
