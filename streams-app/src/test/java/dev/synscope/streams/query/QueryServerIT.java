package dev.synscope.streams.query;

import static dev.synscope.streams.query.QueryCluster.anomaly;
import static dev.synscope.streams.query.QueryCluster.connection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.query.connections.ConnectionId;
import dev.synscope.streams.query.http.Json;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Kafka Streams instances of one application on one real broker, each with its own query
 * server: key queries are answered by the owner wherever they are asked, scans merge both.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryServerIT {

    private static final int CONNECTIONS = 20;
    private static final String SERVER = "198.51.100.10";
    private QueryCluster cluster;
    private final List<ConnectionState> rows = new ArrayList<>();
    private final long firstSeen = micros(Instant.now().minusSeconds(3600));

    @BeforeAll
    void start(TestKafka kafka) {
        cluster = new QueryCluster(kafka, 2);
        for (int i = 0; i < CONNECTIONS; i++) {
            boolean web = i < 12;
            boolean closeWait = web && i % 4 == 0;
            ConnectionState c = connection(String.format("C%02d", i), "192.0.2." + (10 + i), 40000 + i,
                    web ? SERVER : "203.0.113.5", web ? 80 : 443,
                    closeWait ? TcpState.FIN_WAIT_2 : TcpState.ESTABLISHED,
                    closeWait ? TcpState.CLOSE_WAIT : TcpState.ESTABLISHED, firstSeen + i * 1_000_000L);
            rows.add(c);
            cluster.putConnection(c);
        }
        cluster.putStats(EndpointStats.newBuilder().setEndpoint(SERVER + ":80").setHost(SERVER).setPort(80)
                .setStateCounts(Map.of("ESTABLISHED", 9L, "CLOSE_WAIT", 3L)).setTotalRefusals(2).build());
        QueryCluster.await("all connections visible through instance 0", Duration.ofSeconds(60), () -> {
            HttpResponse<String> r = cluster.get(0, "/connections?limit=1");
            return r.statusCode() == 200 && json(r).path("total").asLong() == CONNECTIONS;
        });
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aScanMergesTheLocalPartsOfBothInstances() {
        long local0 = json(cluster.get(0, "/connections?scope=local&limit=1")).path("total").asLong();
        long local1 = json(cluster.get(1, "/connections?scope=local&limit=1")).path("total").asLong();
        assertThat(local0).isPositive();
        assertThat(local1).isPositive();
        assertThat(local0 + local1).isEqualTo(CONNECTIONS);

        JsonNode all = json(cluster.get(1, "/connections?limit=1000"));
        assertThat(all.path("total").asLong()).isEqualTo(CONNECTIONS);
        assertThat(all.path("instances").asInt()).isEqualTo(2);
        List<String> uids = new ArrayList<>();
        all.path("items").forEach(i -> uids.add(i.path("uid").asText()));
        // lastSeen descending: C19 was seen last
        assertThat(uids).hasSize(CONNECTIONS).startsWith("C19", "C18").endsWith("C00");
    }

    @Test
    void pagesOfAMergedScanAreDisjointAndCoverEverything() {
        Set<String> seen = new HashSet<>();
        List<String> inOrder = new ArrayList<>();
        for (int offset = 0; offset < CONNECTIONS; offset += 7) {
            JsonNode page = json(cluster.get(0, "/connections?sort=firstSeen&order=asc&limit=7&offset=" + offset));
            page.path("items").forEach(i -> {
                assertThat(seen.add(i.path("uid").asText())).as("uid %s on two pages", i.path("uid")).isTrue();
                inOrder.add(i.path("uid").asText());
            });
        }
        assertThat(seen).hasSize(CONNECTIONS);
        assertThat(inOrder).isSorted();
    }

    @Test
    void aKeyOwnedByInstanceBIsAnsweredCorrectlyWhenAskedAtInstanceA() {
        HostInfo b = HostInfo.buildFromEndpoint(cluster.configs.get(1).applicationServer());
        ConnectionState ownedByB = rows.stream().filter(c -> b.equals(cluster.streams.get(0)
                .queryMetadataForKey(QueryConfig.DEFAULT_CONNECTIONS_STORE, key(c),
                        SynScopeSerdes.CONNECTION_KEY.serializer()).activeHost())).findFirst().orElseThrow();
        // instance A does not hold it ...
        assertThat(json(cluster.get(0, "/connections?scope=local&uid=" + ownedByB.getUid())).path("total").asLong())
                .isZero();
        // ... yet answers it, by tuple in either direction and by uid
        String tuple = ConnectionId.of(ownedByB);
        JsonNode byTuple = json(cluster.get(0, "/connections/" + tuple));
        assertThat(byTuple.path("uid").asText()).isEqualTo(ownedByB.getUid());
        assertThat(byTuple.path("respState").asText()).isEqualTo(ownedByB.getRespState().name());
        String reversed = ownedByB.getRespAddr() + ":" + ownedByB.getRespPort() + "-" + ownedByB.getOrigAddr() + ":"
                + ownedByB.getOrigPort();
        assertThat(json(cluster.get(0, "/connections/" + reversed)).path("uid").asText())
                .isEqualTo(ownedByB.getUid());
        assertThat(json(cluster.get(0, "/connections/" + ownedByB.getUid())).path("id").asText()).isEqualTo(tuple);
    }

    @Test
    void filtersApplyToOneEndpointAcrossInstances() {
        assertThat(total("/connections?state=CLOSE_WAIT&host=" + SERVER)).isEqualTo(3);
        assertThat(total("/connections?state=close_wait&host=" + SERVER + "&role=originator")).isZero();
        assertThat(total("/connections?state=FIN_WAIT_2&role=originator")).isEqualTo(3);
        assertThat(total("/connections?host=203.0.113.5&port=443")).isEqualTo(8);
        assertThat(total("/connections?port=80&role=originator")).isZero();
        assertThat(total("/connections?connState=S1&probe=probe-client")).isEqualTo(CONNECTIONS);
        assertThat(total("/connections?probe=probe-server")).isZero();
        assertThat(total("/connections?minAgeSeconds=600")).isEqualTo(CONNECTIONS);
        assertThat(total("/connections?minAgeSeconds=86400")).isZero();
    }

    @Test
    void anEndpointMergesCountsFromBothInstancesAndItsStatsComeFromTheOwner() {
        JsonNode ep = json(cluster.get(1, "/endpoints/" + SERVER + ":80"));
        assertThat(ep.path("connections").asLong()).isEqualTo(12);
        assertThat(ep.path("asResponder").asLong()).isEqualTo(12);
        assertThat(ep.path("stateCounts").path("CLOSE_WAIT").asLong()).isEqualTo(3);
        assertThat(ep.path("stateCounts").path("ESTABLISHED").asLong()).isEqualTo(9);
        assertThat(ep.path("topPeers")).hasSize(10);
        assertThat(ep.path("stats").path("totalRefusals").asLong()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            assertThat(json(cluster.get(i, "/endpoints/" + SERVER + ":80/stats")).path("endpoint").asText())
                    .isEqualTo(SERVER + ":80");
        }
        JsonNode client = json(cluster.get(0, "/endpoints/192.0.2.10"));
        assertThat(client.path("asOriginator").asLong()).isEqualTo(1);
        assertThat(client.path("stats").isNull()).isTrue();

        JsonNode list = json(cluster.get(0, "/endpoints?kind=service"));
        assertThat(list.path("items").get(0).path("endpoint").asText()).isEqualTo(SERVER + ":80");
        assertThat(list.path("items").get(0).path("stateCounts").path("CLOSE_WAIT").asLong()).isEqualTo(3);
        assertThat(list.path("items").get(1).path("connections").asLong()).isEqualTo(8);
    }

    @Test
    void invalidParametersGet400NamingTheParameterAndWhatIsAllowed() {
        assertBadParameter("/connections?state=CLOSE-WAIT", "state", "CLOSE_WAIT");
        assertBadParameter("/connections?host=web01", "host", null);
        assertBadParameter("/connections?port=70000", "port", "1..65535");
        assertBadParameter("/connections?limit=0", "limit", "1..1000");
        assertBadParameter("/connections?sort=size", "sort", "bytes");
        assertBadParameter("/connections?stat=CLOSE_WAIT", "stat", "state");
        assertBadParameter("/connections/not%20a%20uid", "id", null);
        assertBadParameter("/endpoints/198.51.100.10:99999", "endpoint", null);
        assertBadParameter("/anomalies?type=REFUSED", "type", "CONNECTION_REFUSED");
        assertBadParameter("/anomalies?since=yesterday", "since", null);
        assertThat(cluster.get(0, "/connections/192.0.2.99:1-192.0.2.98:2").statusCode()).isEqualTo(404);
        assertThat(cluster.get(0, "/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void anomaliesAreListedFilteredAndStreamedAsServerSentEvents() throws Exception {
        long ts = micros(Instant.now());
        cluster.putAnomaly(anomaly("it-refused-1", AnomalyType.CONNECTION_REFUSED, "C03", "192.0.2.13", 40003, SERVER,
                80, ts));
        QueryCluster.await("the anomaly on both instances", Duration.ofSeconds(30), () ->
                json(cluster.get(0, "/anomalies")).path("count").asInt() >= 1
                        && json(cluster.get(1, "/anomalies")).path("count").asInt() >= 1);
        assertThat(json(cluster.get(1, "/anomalies?type=CONNECTION_REFUSED&host=" + SERVER)).path("items").get(0)
                .path("eventId").asText()).isEqualTo("it-refused-1");
        assertThat(json(cluster.get(1, "/anomalies?type=HALF_OPEN")).path("count").asInt()).isZero();
        assertThat(json(cluster.get(1, "/endpoints/" + SERVER + ":80")).path("recentFailures").path("refusals")
                .asInt()).isEqualTo(1);

        HttpResponse<InputStream> stream = cluster.http.send(HttpRequest.newBuilder(
                cluster.uri(1, "/anomalies/stream?type=CONNECT_TIMEOUT")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("data: ")) {
                            return line.substring(6);
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            QueryCluster.await("the stream client registered", Duration.ofSeconds(10),
                    () -> cluster.servers.get(1).streamClients() >= 1);
            cluster.putAnomaly(anomaly("it-timeout-1", AnomalyType.CONNECT_TIMEOUT, "C05", "192.0.2.15", 40005,
                    SERVER, 80, ts + 1));
            JsonNode event = Json.MAPPER.readTree(data.get(30, TimeUnit.SECONDS));
            assertThat(event.path("eventId").asText()).isEqualTo("it-timeout-1");
            assertThat(event.path("likelyCause").asText()).isNotBlank();
        }
    }

    @Test
    void metricsExposeKafkaStreamsAndSynScopeMeters() {
        // the counts themselves are asserted where the pipeline runs (RecordFuzzIT, PipelineMetricsTopologyTest):
        // this cluster's topology is not SynScope's, so here every pipeline meter is present at zero
        HttpResponse<String> r = cluster.get(0, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("synscope_records_processed_total 0.0", "synscope_connections_tracked",
                "synscope_anomalies_total{type=\"CONNECTION_REFUSED\"}", "synscope_dlq_records_total{reason=\"invalid\"} 0.0",
                "synscope_dlq_records_total{reason=\"undecodable\"} 0.0", "synscope_connections_evicted_total 0.0",
                "synscope_stream_thread_replacements_total 0.0", "synscope_punctuation_lag_seconds", "kafka_stream_");
    }

    @Test
    void healthReflectsTheStreamsState() {
        JsonNode h = json(cluster.get(0, "/health"));
        assertThat(h.path("streamsState").asText()).isEqualTo("RUNNING");
        assertThat(cluster.get(0, "/health/ready").statusCode()).isEqualTo(200);
        assertThat(cluster.get(0, "/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void anInstanceThatIsNotRunningAnswers503WithRetryAfterNotAWrongAnswer(TestKafka kafka) throws Exception {
        Map<String, Object> props = Map.of(StreamsConfig.APPLICATION_ID_CONFIG, kafka.uniquePrefix("query-created"),
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("synscope-created").toString());
        StreamsBuilder b = new StreamsBuilder();
        b.stream(cluster.connectionsTopic);
        QueryConfig config = QueryConfig.defaults(kafka.bootstrapServers(), cluster.anomaliesTopic)
                .withPort(QueryCluster.freePort());
        try (KafkaStreams created = new KafkaStreams(b.build(), new StreamsConfig(props));
             QueryServer server = QueryServer.start(created, config)) {
            HttpResponse<String> r = cluster.http.send(HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + server.port() + "/connections")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("2");
            assertThat(json(r).path("message").asText()).contains("CREATED");
            HttpResponse<String> ready = cluster.http.send(HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + server.port() + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
        }
    }

    private void assertBadParameter(String pathAndQuery, String parameter, String allowedContains) {
        HttpResponse<String> r = cluster.get(0, pathAndQuery);
        assertThat(r.statusCode()).as(pathAndQuery).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.path("parameter").asText()).as(pathAndQuery).isEqualTo(parameter);
        assertThat(body.path("message").asText()).isNotBlank();
        if (allowedContains != null) {
            assertThat(body.path("allowed").toString()).as(pathAndQuery).contains(allowedContains);
        }
    }

    private long total(String pathAndQuery) {
        HttpResponse<String> r = cluster.get(0, pathAndQuery);
        assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
        return json(r).path("total").asLong();
    }

    private static ConnectionKey key(ConnectionState c) {
        return CanonicalKeys.of(4, CanonicalKeys.addressBytes(c.getOrigAddr()), c.getOrigPort(),
                CanonicalKeys.addressBytes(c.getRespAddr()), c.getRespPort(), null);
    }

    private static JsonNode json(HttpResponse<String> r) {
        return QueryCluster.json(r);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000L;
    }
}
