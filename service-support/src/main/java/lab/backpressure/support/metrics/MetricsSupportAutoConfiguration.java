package lab.backpressure.support.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.prometheus.metrics.tracer.agent.OpenTelemetryAgentSpanContext;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What both services' metrics add to Spring Boot's: the resident set size, and exemplars when the agent runs. */
@AutoConfiguration
public class MetricsSupportAutoConfiguration {

    @Bean
    MeterBinder residentSetSizeGauge() {
        return new ResidentSetSizeGauge();
    }

    /**
     * Exemplars: with a {@link SpanContext} bean, Boot's Prometheus registry tags each histogram observation made
     * inside a sampled span with that span's {@code trace_id} and {@code span_id} (shown in the OpenMetrics
     * scrape), so a latency dot in Grafana opens its trace. The OpenTelemetry agent puts its API, relocated, on
     * the bootstrap class path; without the agent that class is missing, there is no bean and no exemplars.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = Exemplars.AGENT_SPAN)
    static class Exemplars {

        static final String AGENT_SPAN = "io.opentelemetry.javaagent.shaded.io.opentelemetry.api.trace.Span";

        @Bean
        SpanContext agentSpanContext() {
            return new OpenTelemetryAgentSpanContext();
        }
    }
}
