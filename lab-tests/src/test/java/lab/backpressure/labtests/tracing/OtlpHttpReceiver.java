package lab.backpressure.labtests.tracing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.resource.v1.Resource;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ServiceProcess;

/**
 * A stand-in for Jaeger's OTLP/HTTP port (4318) inside the test: the agents export to it exactly as
 * they would to Jaeger, and it keeps every span it is sent. It also records the path of every
 * request, so a test can tell that metrics ({@code /v1/metrics}) and logs ({@code /v1/logs})
 * really stay switched off.
 */
public final class OtlpHttpReceiver implements AutoCloseable {

    static final String TRACES_PATH = "/v1/traces";
    private static final String PROTOBUF = "application/x-protobuf";

    private final HttpServer server;
    private final List<String> requestPaths = new CopyOnWriteArrayList<>();
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private OtlpHttpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpHttpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpHttpReceiver receiver = new OtlpHttpReceiver(server);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the OTLP receiver", e);
        }
    }

    /** The value for OTEL_EXPORTER_OTLP_ENDPOINT: the exporter appends /v1/traces itself. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> requestPaths() {
        return List.copyOf(requestPaths);
    }

    /** Requests that could not be taken as OTLP/HTTP protobuf, with the reason. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /**
     * A service with the agent settings the lab documents, pointed at this receiver instead of Jaeger; the
     * caller adds {@link ServiceProcess.Builder#withAgent()}, or leaves it out to see that nothing exports.
     */
    public ServiceProcess.Builder exportingHere(LabService service) {
        // C1 only: the agent makes start-up JIT-heavy, and the tests need seconds of traffic, not peak speed
        return exportingHere(ServiceProcess.of(service).jvmOption("-XX:TieredStopAtLevel=1"), service);
    }

    /**
     * As {@link #exportingHere(LabService)}, for a service whose builder already has its settings, and with the JIT
     * it has: for a lab that runs minutes of traffic, and a benchmark, with the agent.
     */
    public ServiceProcess.Builder exportingHere(ServiceProcess.Builder builder, LabService service) {
        return builder
                .env("OTEL_SERVICE_NAME", service.serviceName())
                .env("OTEL_TRACES_EXPORTER", "otlp")
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint())
                .env("OTEL_METRICS_EXPORTER", "none")
                .env("OTEL_LOGS_EXPORTER", "none")
                .env("OTEL_BSP_SCHEDULE_DELAY", "200")
                .env("OTEL_TRACES_SAMPLER", "always_on")
                // were metrics or logs exported after all, they would arrive within the test, not a minute later
                .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
                .env("OTEL_BLRP_SCHEDULE_DELAY", "200");
    }

    /** Every trace received so far, by trace id. */
    Map<String, ReceivedTrace> traces() {
        return spans().stream().collect(Collectors.collectingAndThen(
                Collectors.groupingBy(ReceivedSpan::traceId),
                byTrace -> byTrace.entrySet().stream().collect(Collectors.toMap(
                        Map.Entry::getKey, entry -> new ReceivedTrace(entry.getKey(), entry.getValue())))));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requestPaths.add(path);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            boolean protobuf = contentType != null && contentType.startsWith(PROTOBUF);
            if (!"POST".equals(exchange.getRequestMethod()) || !protobuf) {
                // an exporter speaking gRPC or http/json is misconfigured: answer with a status it does not retry
                problems.add(exchange.getRequestMethod() + " " + path + " with Content-Type " + contentType);
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            try (InputStream in = decoded(exchange)) {
                byte[] body = in.readAllBytes();
                if (TRACES_PATH.equals(path)) {
                    record(ExportTraceServiceRequest.parseFrom(body));
                }
            } catch (IOException | RuntimeException e) {
                problems.add(path + ": " + e);
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            exchange.getResponseBody().write(response);
        }
    }

    private void record(ExportTraceServiceRequest request) {
        request.getResourceSpansList().forEach(resourceSpans -> {
            String service = serviceName(resourceSpans.getResource());
            resourceSpans.getScopeSpansList().forEach(scopeSpans ->
                    scopeSpans.getSpansList().forEach(span -> spans.add(ReceivedSpan.of(service, span))));
        });
    }

    private static String serviceName(Resource resource) {
        Object name = ReceivedSpan.attributes(resource.getAttributesList()).get("service.name");
        return name == null ? "" : name.toString();
    }

    private static InputStream decoded(HttpExchange exchange) throws IOException {
        boolean gzipped = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        return gzipped ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
    }
}
