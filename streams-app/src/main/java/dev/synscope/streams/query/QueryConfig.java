package dev.synscope.streams.query;

import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.topology.SynScopeTopology;
import java.net.InetAddress;
import java.net.UnknownHostException;
import dev.synscope.schema.kafka.KafkaClientSecurity;
import java.time.Duration;

/**
 * Settings of the query server (REST API, SSE, NOC page, /metrics) that every streams-app
 * instance runs.
 *
 * @param bindAddress        address the HTTP server listens on; 127.0.0.1 by default. Any other
 *                           (non-loopback) address requires {@code bearerToken}
 * @param port               HTTP port (8080)
 * @param advertisedHost     host name or address other instances use to reach this one; with
 *                           {@code port} it must be this instance's Kafka Streams {@code application.server}
 *                           (see {@link #applicationServer()}); defaults to the bind address
 * @param bearerToken        shared secret all instances and clients present; null = none (loopback only)
 * @param connectionsStore   name of the connections store (KeyValueStore&lt;ConnectionKey, ConnectionState&gt;)
 * @param endpointStatsStore name of the endpoint-stats store (KeyValueStore&lt;String, EndpointStats&gt;)
 * @param bootstrapServers   Kafka bootstrap servers, for the anomaly feed's consumer
 * @param anomaliesTopic     topic the anomaly feed reads
 * @param recentAnomalies    capacity of the in-memory ring of recent anomalies (1000)
 * @param maxStreamClients   concurrent SSE clients before new ones get 503 (32)
 * @param peerTimeout        how long to wait for another instance during a fan-out or forward (5 s)
 * @param kafkaSecurity      TLS / SASL settings of the anomaly feed's consumer: the streams app's own
 * @param thresholds         the streams app's thresholds, served on {@code /thresholds} so the NOC page marks what
 *                           the app alarms on (defaults when null)
 */
public record QueryConfig(
        String bindAddress,
        int port,
        String advertisedHost,
        String bearerToken,
        String connectionsStore,
        String endpointStatsStore,
        String bootstrapServers,
        String anomaliesTopic,
        int recentAnomalies,
        int maxStreamClients,
        Duration peerTimeout,
        KafkaClientSecurity kafkaSecurity,
        Thresholds thresholds) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** The topology's store names. */
    public static final String DEFAULT_CONNECTIONS_STORE = SynScopeTopology.CONNECTIONS_STORE;
    public static final String DEFAULT_ENDPOINT_STATS_STORE = SynScopeTopology.ENDPOINT_STATS_STORE;

    public QueryConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("query port must be 0-65535, not " + port);
        }
        if (bearerToken != null && bearerToken.isBlank()) {
            bearerToken = null;
        }
        if (bearerToken == null && !isLoopback(bindAddress)) {
            throw new IllegalArgumentException("the query server would listen on " + bindAddress
                    + ", which is reachable from other machines, without a bearer token: set a token"
                    + " (--api-token-file / SYNSCOPE_API_TOKEN_FILE) or bind to 127.0.0.1");
        }
        if (advertisedHost == null || advertisedHost.isBlank()) {
            advertisedHost = bindAddress;
        }
        if (recentAnomalies < 1 || maxStreamClients < 1) {
            throw new IllegalArgumentException("recentAnomalies and maxStreamClients must be >= 1");
        }
        if (peerTimeout == null || peerTimeout.isNegative() || peerTimeout.isZero()) {
            throw new IllegalArgumentException("peerTimeout must be positive");
        }
        if (kafkaSecurity == null) {
            kafkaSecurity = KafkaClientSecurity.plaintext();
        }
        if (thresholds == null) {
            thresholds = Thresholds.defaults();
        }
    }

    /** Loopback bind, no token, default store names, anomalies from {@code anomaliesTopic}. */
    public static QueryConfig defaults(String bootstrapServers, String anomaliesTopic) {
        return new QueryConfig(DEFAULT_BIND, DEFAULT_PORT, null, null, DEFAULT_CONNECTIONS_STORE,
                DEFAULT_ENDPOINT_STATS_STORE, bootstrapServers, anomaliesTopic, 1000, 32, Duration.ofSeconds(5),
                KafkaClientSecurity.plaintext(), Thresholds.defaults());
    }

    /**
     * The query server of a streams app: its bootstrap servers and anomalies topic, the topology's
     * store names, and where to listen. The app's {@code application.server} must then be
     * {@link #applicationServer()}: build the StreamsAppConfig with it.
     */
    public static QueryConfig forStreamsApp(StreamsAppConfig app, String bindAddress, int port, String advertisedHost,
                                            String bearerToken) {
        return new QueryConfig(bindAddress, port, advertisedHost, bearerToken, DEFAULT_CONNECTIONS_STORE,
                DEFAULT_ENDPOINT_STATS_STORE, app.bootstrapServers(), app.topics().anomalies(), 1000, 32,
                Duration.ofSeconds(5), app.security(), app.thresholds());
    }

    public QueryConfig withPort(int p) {
        return new QueryConfig(bindAddress, p, advertisedHost, bearerToken, connectionsStore, endpointStatsStore,
                bootstrapServers, anomaliesTopic, recentAnomalies, maxStreamClients, peerTimeout, kafkaSecurity,
                thresholds);
    }

    public QueryConfig withBind(String address, String token) {
        return new QueryConfig(address, port, null, token, connectionsStore, endpointStatsStore,
                bootstrapServers, anomaliesTopic, recentAnomalies, maxStreamClients, peerTimeout, kafkaSecurity,
                thresholds);
    }

    public QueryConfig withStores(String connections, String endpointStats) {
        return new QueryConfig(bindAddress, port, advertisedHost, bearerToken, connections, endpointStats,
                bootstrapServers, anomaliesTopic, recentAnomalies, maxStreamClients, peerTimeout, kafkaSecurity,
                thresholds);
    }

    /** The value the streams app must set as {@code application.server} so other instances find this one. */
    public String applicationServer() {
        return (advertisedHost.indexOf(':') >= 0 ? "[" + advertisedHost + "]" : advertisedHost) + ":" + port;
    }

    /** One line per setting, printed at start (the token itself is never printed). */
    public String describe() {
        return "query server config:\n"
                + "  bind=" + bindAddress + ":" + port + "\n"
                + "  application.server=" + applicationServer() + "\n"
                + "  bearer token=" + (bearerToken == null ? "none (loopback only)" : "set") + "\n"
                + "  stores=" + connectionsStore + ", " + endpointStatsStore + "\n"
                + "  anomalies topic=" + anomaliesTopic + " (ring of " + recentAnomalies + "), Kafka "
                + kafkaSecurity + "\n"
                + "  max SSE clients=" + maxStreamClients + ", peer timeout=" + peerTimeout;
    }

    private static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        if (address.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // literal addresses only: a bind address that needs a name lookup is not loopback for us
            if (!address.matches("[0-9.]+") && address.indexOf(':') < 0) {
                return false;
            }
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
