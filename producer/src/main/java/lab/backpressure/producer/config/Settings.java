package lab.backpressure.producer.config;

/** Read access to one complete set of settings records, current or candidate. */
@FunctionalInterface
public interface Settings {

    <S extends AdminSettings> S get(Class<S> type);
}
