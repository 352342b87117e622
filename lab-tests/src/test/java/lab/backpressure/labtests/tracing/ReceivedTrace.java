package lab.backpressure.labtests.tracing;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;

/** The spans of one trace id, from whichever services sent them, navigable by parent links. */
record ReceivedTrace(String traceId, List<ReceivedSpan> spans) {

    ReceivedTrace {
        spans = spans.stream().sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos)).toList();
    }

    List<ReceivedSpan> roots() {
        return spans.stream().filter(ReceivedSpan::isRoot).toList();
    }

    List<ReceivedSpan> named(String service, String name) {
        return spans.stream().filter(span -> span.is(service, name)).toList();
    }

    Optional<ReceivedSpan> first(String service, String name) {
        return named(service, name).stream().findFirst();
    }

    List<ReceivedSpan> ofKind(String service, SpanKind kind) {
        return spans.stream().filter(span -> span.service().equals(service) && span.kind() == kind).toList();
    }

    Optional<ReceivedSpan> parentOf(ReceivedSpan span) {
        return spans.stream().filter(candidate -> candidate.spanId().equals(span.parentSpanId())).findFirst();
    }

    Set<String> services() {
        return spans.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
    }

    /**
     * The trace as an indented tree, as Jaeger's waterfall lists it; a span whose parent never
     * arrived (another trace, or a service that did not export) is shown at the top, marked.
     */
    String render() {
        StringBuilder tree = new StringBuilder("trace ").append(traceId).append('\n');
        Set<String> ids = spans.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        spans.stream()
                .filter(span -> span.isRoot() || !ids.contains(span.parentSpanId()))
                .forEach(top -> render(top, top.isRoot() ? "" : "(parent " + top.parentSpanId() + " missing) ",
                        1, tree));
        return tree.toString();
    }

    private void render(ReceivedSpan span, String note, int depth, StringBuilder tree) {
        tree.append("  ".repeat(depth)).append(note).append(span).append('\n');
        spans.stream()
                .filter(child -> child.parentSpanId().equals(span.spanId()))
                .forEach(child -> render(child, "", depth + 1, tree));
    }
}
