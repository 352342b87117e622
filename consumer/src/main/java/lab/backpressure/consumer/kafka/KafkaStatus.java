package lab.backpressure.consumer.kafka;

import java.util.Map;

/** {@code /status.kafka}: there only when the Kafka lane is on. */
public interface KafkaStatus {

    /** Snake_case fields: the lag, per partition and in total, the listener's slots, rates and counts. */
    Map<String, Object> status();
}
