package lab.backpressure.labtests.tracing;

import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;

/**
 * One span as it arrived over OTLP, flattened with the {@code service.name} of the resource that
 * sent it, so a test can reason about a trace that crosses services.
 *
 * @param parentSpanId empty for a root span
 * @param attributes   values as String, Long, Double, Boolean or List of those
 */
public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                    SpanKind kind, long startEpochNanos, long endEpochNanos, Map<String, Object> attributes) {

    private static final HexFormat HEX = HexFormat.of();

    static ReceivedSpan of(String service, Span span) {
        return new ReceivedSpan(service, hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()),
                span.getName(), span.getKind(), span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                attributes(span.getAttributesList()));
    }

    static Map<String, Object> attributes(List<KeyValue> keyValues) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        keyValues.forEach(keyValue -> attributes.put(keyValue.getKey(), value(keyValue.getValue())));
        return Collections.unmodifiableMap(attributes);
    }

    boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    public boolean is(String service, String name) {
        return this.service.equals(service) && this.name.equals(name);
    }

    public Optional<Object> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /** A numeric attribute as a double, empty when absent or not a number. */
    public Optional<Double> number(String key) {
        return attribute(key).filter(Number.class::isInstance).map(value -> ((Number) value).doubleValue());
    }

    public Duration duration() {
        return Duration.ofNanos(endEpochNanos - startEpochNanos);
    }

    @Override
    public String toString() {
        return "%s [%s, %s] %d ms %s".formatted(name, service, kind.name().replace("SPAN_KIND_", ""),
                duration().toMillis(), attributes);
    }

    private static String hex(ByteString id) {
        return HEX.formatHex(id.toByteArray());
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(ReceivedSpan::value).toList();
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            case BYTES_VALUE -> value.getBytesValue().toByteArray();
            case VALUE_NOT_SET -> "";
            // an index into a profile's string table: never valid in a span
            case STRING_VALUE_STRINDEX ->
                    throw new IllegalArgumentException("string table reference in a span: " + value);
        };
    }
}
