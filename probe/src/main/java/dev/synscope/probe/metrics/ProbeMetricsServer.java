package dev.synscope.probe.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.synscope.probe.LiveProbe;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The probe's HTTP endpoint for kubelet and Prometheus, on the JDK's {@link HttpServer}:
 * {@code GET /health} answers 200 {@code {"status":"UP",...}} while the capture loop runs and 503
 * {@code {"status":"DOWN",...}} once it failed or stopped; {@code GET /metrics} the
 * {@link ProbeMeters} in Prometheus text format. Read-only counters, never a packet byte. One
 * request at a time on one daemon thread: scrapes are rare and cheap.
 */
public final class ProbeMetricsServer implements AutoCloseable {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final LiveProbe probe;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;
    private final ExecutorService executor;

    private ProbeMetricsServer(LiveProbe probe, InetSocketAddress bind) throws IOException {
        this.probe = probe;
        ProbeMeters.bind(probe, registry);
        this.server = HttpServer.create(bind, 0);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "synscope-probe-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Binds {@code bind} (port 0: any free port, see {@link #address()}) and starts serving. */
    public static ProbeMetricsServer start(LiveProbe probe, InetSocketAddress bind) throws IOException {
        ProbeMetricsServer s = new ProbeMetricsServer(probe, bind);
        s.server.start();
        return s;
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/health" -> health(exchange);
                case "/metrics" -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
                default -> respond(exchange, 404, "text/plain; charset=utf-8", "try /health or /metrics\n");
            }
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        boolean up = probe.isRunning();
        String body = "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"probeId\":\"" + json(probe.probeId())
                + "\",\"packetsSeen\":" + probe.counters().packetsSeen() + "}";
        respond(exchange, up ? 200 : 503, "application/json", body);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Stops serving (waits for no exchange) and releases the port. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        registry.close();
    }
}
