package lab.backpressure.producer.testing;

import java.util.HashMap;
import java.util.Map;

import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;

/** Settings records for a unit test, changed in place with {@link #set}; no validation. */
public final class TestSettings implements Settings {

    private final Map<Class<?>, AdminSettings> records = new HashMap<>();

    public static TestSettings of(AdminSettings... records) {
        TestSettings settings = new TestSettings();
        for (AdminSettings record : records) {
            settings.set(record);
        }
        return settings;
    }

    public TestSettings set(AdminSettings record) {
        records.put(record.getClass(), record);
        return this;
    }

    @Override
    public <S extends AdminSettings> S get(Class<S> type) {
        AdminSettings record = records.get(type);
        if (record == null) {
            throw new IllegalArgumentException("the test set no " + type.getSimpleName());
        }
        return type.cast(record);
    }
}
