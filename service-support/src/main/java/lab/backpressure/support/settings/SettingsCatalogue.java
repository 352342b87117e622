package lab.backpressure.support.settings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which record owns each admin field, and the records as JSON in the API's own naming (the application's
 * mapper, so snake_case). Built once from the startup records: the set of fields never changes at runtime.
 */
final class SettingsCatalogue {

    private final JsonMapper json;
    private final Map<String, Class<? extends AdminSettings>> owners = new LinkedHashMap<>();
    /** Sorted, as an unknown field's problem lists them: one name is found at a glance among sixty. */
    private final Set<String> writable = new TreeSet<>();

    SettingsCatalogue(JsonMapper json, Collection<? extends AdminSettings> records) {
        this.json = json;
        for (AdminSettings settings : records) {
            for (String field : toJson(settings).propertyNames()) {
                Class<? extends AdminSettings> previous = owners.putIfAbsent(field, settings.getClass());
                if (previous != null) {
                    throw new IllegalStateException("admin field %s belongs to both %s and %s"
                            .formatted(field, previous.getName(), settings.getClass().getName()));
                }
                if (settings.adminWritable()) {
                    writable.add(field);
                }
            }
        }
    }

    /** The record type that owns {@code field} if {@code POST /admin/config} may set it; null otherwise. */
    Class<? extends AdminSettings> writableOwner(String field) {
        return writable.contains(field) ? owners.get(field) : null;
    }

    /** The fields {@code POST /admin/config} may set, sorted. */
    Set<String> writableFields() {
        return writable;
    }

    ObjectNode toJson(AdminSettings settings) {
        return json.valueToTree(settings);
    }

    /** {@code current} with {@code changes} written over it, read back as a record; a type error names its field. */
    <S extends AdminSettings> S merge(S current, ObjectNode changes) {
        ObjectNode merged = toJson(current);
        merged.setAll(changes);
        @SuppressWarnings("unchecked")
        Class<S> type = (Class<S>) current.getClass();
        return json.treeToValue(merged, type);
    }

    /** Every field of every record, in catalogue order, as {@code GET /admin/config} shows them. */
    ObjectNode toJson(Settings settings) {
        ObjectNode all = json.createObjectNode();
        owners.values().stream().distinct().forEach(type -> all.setAll(toJson(settings.get(type))));
        return all;
    }
}
