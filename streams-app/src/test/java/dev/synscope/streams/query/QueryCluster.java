package dev.synscope.streams.query;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.Evidence;
import dev.synscope.schema.Severity;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.VantageStats;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.testing.kafka.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A running pipeline for the query server's integration tests: a real broker, N Kafka Streams
 * instances of one application (own state dir and application.server each) whose topology
 * materializes the connections and endpoint-stats stores under the query server's store names
 * from input topics the test writes, and one query server per instance.
 *
 * <p>The topology is a stand-in for the real tracker (a table read from a topic), so these tests
 * are about routing, merging and serving, not about TCP.
 */
final class QueryCluster implements AutoCloseable {

    static final int PARTITIONS = 4;

    static {
        // loading the serdes makes Avro trust our generated classes, which building a record needs
        SynScopeSerdes.CONNECTION_STATE.getClass();
    }

    final TestKafka kafka;
    final String connectionsTopic;
    final String statsTopic;
    final String anomaliesTopic;
    final List<KafkaStreams> streams = new ArrayList<>();
    final List<QueryServer> servers = new ArrayList<>();
    final List<QueryConfig> configs = new ArrayList<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Path> stateDirs = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    QueryCluster(TestKafka kafka, int instances) {
        this.kafka = kafka;
        String prefix = kafka.uniquePrefix("query");
        connectionsTopic = prefix + ".connections";
        statsTopic = prefix + ".endpoint-stats";
        anomaliesTopic = prefix + ".anomalies";
        kafka.createTopic(connectionsTopic, PARTITIONS, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(statsTopic, PARTITIONS, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(anomaliesTopic, 2, Map.of());
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        String applicationId = prefix + "-app";
        for (int i = 0; i < instances; i++) {
            QueryConfig config = QueryConfig.defaults(kafka.bootstrapServers(), anomaliesTopic).withPort(freePort());
            configs.add(config);
            KafkaStreams s = new KafkaStreams(topology(), properties(applicationId, config));
            streams.add(s);
            s.start();
            servers.add(QueryServer.start(s, config));
        }
        await("all instances RUNNING", Duration.ofSeconds(60),
                () -> streams.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING));
    }

    private org.apache.kafka.streams.Topology topology() {
        StreamsBuilder b = new StreamsBuilder();
        b.table(connectionsTopic, Consumed.with(SynScopeSerdes.CONNECTION_KEY, SynScopeSerdes.CONNECTION_STATE),
                Materialized.<ConnectionKey, ConnectionState, KeyValueStore<Bytes, byte[]>>as(
                        QueryConfig.DEFAULT_CONNECTIONS_STORE)
                        .withKeySerde(SynScopeSerdes.CONNECTION_KEY).withValueSerde(SynScopeSerdes.CONNECTION_STATE));
        b.table(statsTopic, Consumed.with(Serdes.String(), SynScopeSerdes.ENDPOINT_STATS),
                Materialized.<String, EndpointStats, KeyValueStore<Bytes, byte[]>>as(
                        QueryConfig.DEFAULT_ENDPOINT_STATS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(SynScopeSerdes.ENDPOINT_STATS));
        return b.build();
    }

    private Properties properties(String applicationId, QueryConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        try {
            Path dir = Files.createTempDirectory("synscope-query-it");
            stateDirs.add(dir);
            p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    void putConnection(ConnectionState c) {
        ConnectionKey key = CanonicalKeys.of(4, CanonicalKeys.addressBytes(c.getOrigAddr()), c.getOrigPort(),
                CanonicalKeys.addressBytes(c.getRespAddr()), c.getRespPort(), null);
        send(connectionsTopic, SynScopeSerdes.CONNECTION_KEY.serializer().serialize(connectionsTopic, key),
                SynScopeSerdes.CONNECTION_STATE.serializer().serialize(connectionsTopic, c));
    }

    void putStats(EndpointStats s) {
        send(statsTopic, Serdes.String().serializer().serialize(statsTopic, s.getEndpoint()),
                SynScopeSerdes.ENDPOINT_STATS.serializer().serialize(statsTopic, s));
    }

    void putAnomaly(AnomalyEvent e) {
        send(anomaliesTopic, e.getEventId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                SynScopeSerdes.ANOMALY_EVENT.serializer().serialize(anomaliesTopic, e));
    }

    private void send(String topic, byte[] key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    static ConnectionState connection(String uid, String orig, int origPort, String resp, int respPort,
                                      TcpState origState, TcpState respState, long firstSeenMicros) {
        return ConnectionState.newBuilder()
                .setUid(uid).setIpVersion(4)
                .setOrigAddr(orig).setOrigPort(origPort).setRespAddr(resp).setRespPort(respPort)
                .setOrigState(origState).setOrigStateSinceMicros(firstSeenMicros + 1_000)
                .setRespState(respState).setRespStateSinceMicros(firstSeenMicros + 2_000)
                .setFirstSeenMicros(firstSeenMicros).setLastSeenMicros(firstSeenMicros + 5_000)
                .setOrigBytes(77).setRespBytes(230).setOrigPackets(4).setRespPackets(3)
                .setConnState("S1").setHistory("ShADad")
                .setVantages(List.of(VantageStats.newBuilder().setProbeId("probe-client").setOrigPackets(4)
                        .setRespPackets(3).setFirstSeenMicros(firstSeenMicros)
                        .setLastSeenMicros(firstSeenMicros + 5_000).setOrigState(origState).setRespState(respState)
                        .build()))
                .build();
    }

    static AnomalyEvent anomaly(String id, AnomalyType type, String uid, String orig, int origPort, String resp,
                                int respPort, long tsMicros) {
        return AnomalyEvent.newBuilder()
                .setEventId(id).setType(type).setSeverity(Severity.WARNING).setTsMicros(tsMicros).setUid(uid)
                .setOrigH(orig).setOrigP(origPort).setRespH(resp).setRespP(respPort).setVantageProbe("probe-client")
                .setEvidence(List.of(Evidence.newBuilder().setTsMicros(tsMicros).setProbeId("probe-client")
                        .setDescription("R 0 ack 2473414592 answering S 2473414591").build()))
                .setLikelyCause(type == AnomalyType.CLOSE_WAIT_STUCK
                        ? "the application never calls close(): a leak that exhausts pools"
                        : "nothing listens on the port: service down")
                .build();
    }

    /** GET on instance {@code i}; the response with its body as text. */
    HttpResponse<String> get(int i, String pathAndQuery) {
        try {
            return http.send(HttpRequest.newBuilder(uri(i, pathAndQuery)).timeout(Duration.ofSeconds(20)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON body of a response (fails the test, showing the body, when it is not JSON). */
    static com.fasterxml.jackson.databind.JsonNode json(HttpResponse<String> r) {
        try {
            return dev.synscope.streams.query.http.Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    URI uri(int i, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + servers.get(i).port() + pathAndQuery);
    }

    /** Polls {@code condition} every 50 ms until true or {@code limit} passes (then fails with {@code what}). */
    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for: " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        servers.forEach(QueryServer::close);
        streams.forEach(s -> s.close(Duration.ofSeconds(10)));
        producer.close();
        for (Path dir : stateDirs) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // temp dirs: best effort
            }
        }
    }
}
