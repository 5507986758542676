package dev.synscope.streams.query;

import com.sun.net.httpserver.HttpServer;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.streams.query.anomalies.AnomaliesResource;
import dev.synscope.streams.query.anomalies.AnomalyFeed;
import dev.synscope.streams.query.anomalies.AnomalyRing;
import dev.synscope.streams.query.cluster.FanOut;
import dev.synscope.streams.query.cluster.LocalStores;
import dev.synscope.streams.query.cluster.MetadataService;
import dev.synscope.streams.query.cluster.PeerClient;
import dev.synscope.streams.query.connections.ConnectionsResource;
import dev.synscope.streams.query.endpoints.EndpointsResource;
import dev.synscope.streams.query.health.HealthResource;
import dev.synscope.streams.query.http.BearerAuth;
import dev.synscope.streams.query.http.Route;
import dev.synscope.streams.query.http.Router;
import dev.synscope.streams.query.metrics.MetricsResource;
import dev.synscope.streams.query.thresholds.ThresholdsResource;
import dev.synscope.streams.query.metrics.QueryMetrics;
import dev.synscope.streams.query.web.StaticResource;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query server of one streams-app instance: JSON API over the state stores (routed to the
 * owning instance, fanned out for scans), anomalies and their SSE stream, health, Prometheus
 * metrics, and the NOC page. Built on the JDK's HTTP server. Start it with the instance's
 * {@link KafkaStreams} (whose {@code application.server} must be {@link QueryConfig#applicationServer()}):
 * <pre>{@code
 * QueryServer server = QueryServer.start(streams, queryConfig);   // after streams.start()
 * server.close();                                                 // before streams.close()
 * }</pre>
 */
public final class QueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);

    private final HttpServer http;
    private final ExecutorService executor;
    private final Router router;
    private final QueryMetrics metrics;
    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    private final AnomalyFeed feed;
    private final AnomaliesResource anomalies;
    private final AnomalyRing ring;
    private final QueryConfig config;

    private QueryServer(KafkaStreams streams, QueryConfig config) throws IOException {
        this.config = config;
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new QueryMetrics(registry);
        metrics.bindPipeline(streams);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);

        HostInfo self = HostInfo.buildFromEndpoint(config.applicationServer());
        MetadataService metadata = new MetadataService(streams, self);
        LocalStores stores = new LocalStores(streams);
        PeerClient peers = new PeerClient(config.bearerToken(), config.peerTimeout());
        FanOut fanOut = new FanOut(metadata, peers);
        metrics.trackConnections(() -> {
            ReadOnlyKeyValueStore<ConnectionKey, ConnectionState> s = stores.keyValue(config.connectionsStore());
            return s.approximateNumEntries();
        });

        ring = new AnomalyRing(config.recentAnomalies());
        feed = new AnomalyFeed(config.bootstrapServers(), config.kafkaSecurity(), config.anomaliesTopic(), ring,
                metrics, config.recentAnomalies());
        anomalies = new AnomaliesResource(ring, config.maxStreamClients());
        ConnectionsResource connections = new ConnectionsResource(config.connectionsStore(), metadata, stores,
                fanOut, peers, Clock.systemUTC());
        EndpointsResource endpoints = new EndpointsResource(config.connectionsStore(), config.endpointStatsStore(),
                metadata, stores, fanOut, peers, ring);
        HealthResource health = new HealthResource(streams::state, () -> QueryMetrics.failedStreamThreads(streams));
        MetricsResource metricsResource = new MetricsResource(registry);
        StaticResource files = new StaticResource();

        router = new Router(new BearerAuth(config.bearerToken()))
                .add("GET", "/connections", connections::list)
                .add("GET", "/connections/{id}", connections::get)
                .add("GET", "/endpoints", endpoints::list)
                .add("GET", "/endpoints/{endpoint}", endpoints::get)
                .add("GET", "/endpoints/{endpoint}/stats", endpoints::stats)
                .add("GET", "/anomalies", anomalies::list)
                .add("GET", "/anomalies/stream", anomalies::stream)
                .add("GET", "/health", health::health)
                .add("GET", "/health/live", health::live)
                .add("GET", "/health/ready", health::ready)
                .add("GET", "/metrics", metricsResource::scrape)
                .add("GET", "/thresholds", new ThresholdsResource(config.thresholds())::get)
                .add("GET", "/openapi.yaml", files::openApi)
                .add("GET", "/", files::index)
                .add("GET", "/ui/{file}", files::ui);

        // SSE clients hold a thread each; the pool has room for all of them plus ordinary queries
        int threads = config.maxStreamClients() + 8;
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256),
                r -> {
                    Thread t = new Thread(r, "synscope-query-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
        http = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 64);
        http.createContext("/", router);
        http.setExecutor(executor);
    }

    /**
     * Starts the query server for {@code streams} (started or about to be). Throws
     * IllegalArgumentException for a config that must not run (e.g. non-loopback without a token),
     * UncheckedIOException when the port cannot be bound.
     */
    public static QueryServer start(KafkaStreams streams, QueryConfig config) {
        try {
            QueryServer server = new QueryServer(streams, config);
            server.http.start();
            server.feed.start();
            LOG.info("query server listening on http://{}:{}/ (application.server {}), {} routes",
                    config.bindAddress(), server.port(), config.applicationServer(), server.router.routes().size());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port()
                    + " for the query server: " + e.getMessage(), e);
        }
    }

    /** The port actually bound (differs from the config's when it was 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The address a person opens in a browser for the NOC page. */
    public String url() {
        String host = config.bindAddress();
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            host = config.advertisedHost();
        }
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    /** The meters the streams side may increment (records processed, DLQ, punctuation lag). */
    public QueryMetrics metrics() {
        return metrics;
    }

    /** Every route (method, OpenAPI path template). */
    public List<Route> routes() {
        return router.routes();
    }

    /** The recent anomalies held by this instance. */
    public AnomalyRing anomalies() {
        return ring;
    }

    /** SSE clients connected to {@code /anomalies/stream} now. */
    public int streamClients() {
        return anomalies.clients();
    }

    @Override
    public void close() {
        anomalies.close();
        http.stop(1);
        executor.shutdownNow();
        feed.close();
        streamsMetrics.close();
        registry.close();
    }
}
