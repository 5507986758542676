package dev.synscope.streams.query.metrics;

import dev.synscope.streams.query.http.ApiRequest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Set;

/** {@code GET /metrics}: the Prometheus text exposition of the query server's registry. */
public final class MetricsResource {

    private final PrometheusMeterRegistry registry;

    public MetricsResource(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void scrape(ApiRequest request) throws IOException {
        request.query().allowOnly(Set.of());
        request.text(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }
}
