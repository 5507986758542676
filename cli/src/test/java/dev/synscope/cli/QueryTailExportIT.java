package dev.synscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.Severity;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.query.QueryConfig;
import dev.synscope.streams.query.QueryServer;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code synscope query}, {@code tail} and {@code export} against a real broker and a running
 * query server (a Kafka Streams instance materializing the connections store from the compacted
 * connections topic, as the streams app's table does).
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryTailExportIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // loading the serdes makes Avro trust our generated classes, which building a record needs
        SynScopeSerdes.CONNECTION_STATE.getClass();
    }
    private String connections;
    private String connLog;
    private String anomalies;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaStreams streams;
    private QueryServer server;
    private TestKafka kafka;

    @BeforeAll
    void start(TestKafka kafka) throws Exception {
        this.kafka = kafka;
        String prefix = kafka.uniquePrefix("cli");
        connections = prefix + ".connections";
        connLog = prefix + ".conn-log";
        anomalies = prefix + ".anomalies";
        kafka.createTopic(connections, 2, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(connLog, 2, Map.of());
        kafka.createTopic(anomalies, 1, Map.of());
        producer = new KafkaProducer<>(kafka.clientProperties(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        // the article's CLOSE_WAIT: the server 198.51.100.10:80 got the FIN and never closed
        put(row("C1", "192.0.2.10", 38608, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT));
        put(row("C2", "192.0.2.11", 38610, TcpState.ESTABLISHED, TcpState.ESTABLISHED));
        put(row("C3", "192.0.2.12", 38612, TcpState.ESTABLISHED, TcpState.ESTABLISHED));
        put(row("C2", "192.0.2.11", 38610, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT)); // C2 moved on
        tombstone(row("C3", "192.0.2.12", 38612, TcpState.ESTABLISHED, TcpState.ESTABLISHED)); // C3 finished
        for (int i = 0; i < 3; i++) {
            send(connLog, ("k" + i).getBytes(), SynScopeSerdes.CONN_LOG_RECORD.serializer().serialize(connLog,
                    ConnLogRecord.newBuilder().setTs(1_700_000_000_000_000L + i).setUid("L" + i)
                            .setOrigH("192.0.2.20").setOrigP(40000 + i).setRespH("198.51.100.10").setRespP(80)
                            .setDurationMicros(1_500_000L).setOrigBytes(77L).setRespBytes(230L).setConnState("SF")
                            .setHistory("ShADadFf").setOrigPkts(5).setRespPkts(4).setEndReason(EndReason.FIN)
                            .build()));
        }

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        QueryConfig config = QueryConfig.defaults(kafka.bootstrapServers(), anomalies).withPort(port);
        StreamsBuilder b = new StreamsBuilder();
        b.table(connections, Consumed.with(SynScopeSerdes.CONNECTION_KEY, SynScopeSerdes.CONNECTION_STATE),
                Materialized.<ConnectionKey, ConnectionState, KeyValueStore<Bytes, byte[]>>as(
                        QueryConfig.DEFAULT_CONNECTIONS_STORE)
                        .withKeySerde(SynScopeSerdes.CONNECTION_KEY).withValueSerde(SynScopeSerdes.CONNECTION_STATE));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "-app");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer());
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("synscope-cli-it").toString());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        streams = new KafkaStreams(b.build(), p);
        streams.start();
        server = QueryServer.start(streams, config);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!queryServerHasTwoRows()) {
            assertThat(System.nanoTime()).as("query server ready with the table").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(10));
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void queryConnectionsPrintsTheArticlesCloseWaitAsTableCsvAndJson() throws Exception {
        Run table = run("query", "connections", "--state", "CLOSE_WAIT", "--host", "198.51.100.10", "--url", url());
        assertThat(table.exit).as(table.err).isZero();
        assertThat(table.out.lines().toList()).hasSize(3);
        assertThat(table.out).contains("uid", "connection", "C1", "C2", "192.0.2.10:38608-198.51.100.10:80",
                "CLOSE_WAIT");
        assertThat(table.err).contains("GET " + url() + "/connections?state=CLOSE_WAIT&host=198.51.100.10");

        Run csv = run("query", "connections", "--state", "CLOSE_WAIT", "--output", "csv", "--url", url());
        assertThat(csv.out.lines().findFirst()).contains(
                "uid,connection,orig_state,resp_state,conn_state,history,first_seen,last_seen,orig_bytes,resp_bytes,probes");
        assertThat(csv.out.lines().count()).isEqualTo(3);

        Run json = run("query", "connections", "--host", "192.0.2.10", "-o", "json", "--url", url());
        JsonNode body = JSON.readTree(json.out);
        assertThat(body.path("total").asInt()).isEqualTo(1);
        assertThat(body.path("items").get(0).path("respState").asText()).isEqualTo("CLOSE_WAIT");
    }

    @Test
    void queryEndpointCountsByState() throws Exception {
        Run r = run("query", "endpoint", "198.51.100.10:80", "--output", "csv", "--url", url());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("endpoint,kind,name,value", "198.51.100.10:80,state,CLOSE_WAIT,2",
                "198.51.100.10:80,role,responder,2", "198.51.100.10:80,peer,192.0.2.10,1");
        Run json = run("query", "endpoint", "198.51.100.10:80", "-o", "json", "--url", url());
        assertThat(JSON.readTree(json.out).path("stateCounts").path("CLOSE_WAIT").asInt()).isEqualTo(2);
    }

    @Test
    void aBadValueIsAUsageErrorWithTheServersExplanation() {
        Run r = run("query", "connections", "--state", "CLOSE-WAIT", "--url", url());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("not a valid state", "CLOSE_WAIT");
        Run down = run("query", "connections", "--url", "http://127.0.0.1:1");
        assertThat(down.exit).isEqualTo(1);
        assertThat(down.err).contains("no query server answers");
    }

    @Test
    void aServerThatRequiresATokenIsQueriedWithTheSharedTokenFile(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        QueryConfig guarded = QueryConfig.defaults(kafka.bootstrapServers(), anomalies).withPort(port)
                .withBind("127.0.0.1", "s3cret-token");
        try (QueryServer tokenServer = QueryServer.start(streams, guarded)) {
            String guardedUrl = "http://127.0.0.1:" + port;
            Path tokenFile = Files.writeString(dir.resolve("api-token"), "s3cret-token\n");

            Run withToken = run("query", "connections", "-o", "json", "--url", guardedUrl,
                    "--api-token-file", tokenFile.toString());
            assertThat(withToken.exit).as(withToken.err).isZero();
            assertThat(withToken.err).contains("(with bearer token)").doesNotContain("s3cret-token");

            Run without = run("query", "connections", "--url", guardedUrl);
            assertThat(without.exit).isNotZero();
            assertThat(without.err).contains("401");

            Run missing = run("query", "connections", "--url", guardedUrl,
                    "--api-token-file", dir.resolve("absent").toString());
            assertThat(missing.exit).isEqualTo(2);
            assertThat(missing.err).contains("cannot read the API token file");
        }
    }

    @Test
    void tailPrintsAnomaliesAsReadableLinesCsvOrJson() throws Exception {
        send(anomalies, "e1".getBytes(), SynScopeSerdes.ANOMALY_EVENT.serializer().serialize(anomalies,
                AnomalyEvent.newBuilder().setEventId("e1").setType(AnomalyType.CONNECTION_REFUSED)
                        .setSeverity(Severity.WARNING).setTsMicros(1_700_000_000_000_000L).setUid("C9")
                        .setOrigH("192.0.2.10").setOrigP(38608).setRespH("198.51.100.10").setRespP(81)
                        .setVantageProbe("client").setLikelyCause("nothing listens on 198.51.100.10:81").build()));
        Run line = run("tail", "anomalies", "--bootstrap", kafka.bootstrapServers(), "--topic", anomalies,
                "--from-beginning", "--max", "1", "--timeout", "30s", "--color", "always");
        assertThat(line.exit).as(line.err).isZero();
        assertThat(line.out.strip()).startsWith("2023-11-14T22:13:20Z \u001b[33mWARNING \u001b[0m CONNECTION_REFUSED")
                .contains("192.0.2.10:38608 -> 198.51.100.10:81 [client]  nothing listens on 198.51.100.10:81");
        Run json = run("tail", "anomalies", "--bootstrap", kafka.bootstrapServers(), "--topic", anomalies,
                "--from-beginning", "--max", "1", "--timeout", "30s", "-o", "json");
        assertThat(JSON.readTree(json.out.strip()).path("type").asText()).isEqualTo("CONNECTION_REFUSED");
        Run plain = run("tail", "anomalies", "--bootstrap", kafka.bootstrapServers(), "--topic", anomalies,
                "--from-beginning", "--max", "1", "--timeout", "30s", "--color", "never");
        assertThat(plain.out).doesNotContain("\u001b[");
    }

    @Test
    void exportReadsTheCompactedTableAndTheConnLogToTheirEnd(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("connections.csv");
        Run r = run("export", "--table", "connections", "--format", "csv", "--bootstrap", kafka.bootstrapServers(),
                "--topic", connections, "--file", csv.toString(), "--progress", "always");
        assertThat(r.exit).as(r.err).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).startsWith("uid,vantage,orig_h,orig_p,resp_h,resp_p,orig_state,resp_state");
        assertThat(rows).hasSize(3); // C1, C2 (latest row), not C3 (tombstone)
        assertThat(String.join("\n", rows)).contains("C1,", "C2,").doesNotContain("C3,");
        assertThat(rows.stream().filter(l -> l.startsWith("C2,")).findFirst().orElseThrow()).contains("CLOSE_WAIT");
        assertThat(r.err).contains("export connections [", "100% 5/5", "2 connections records written");

        Path jsonl = dir.resolve("conn.jsonl");
        assertThat(run("export", "--table", "conn-log", "--format", "jsonl", "--bootstrap", kafka.bootstrapServers(),
                "--topic", connLog, "--file", jsonl.toString()).exit).isZero();
        List<String> lines = Files.readAllLines(jsonl);
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.get(0)).path("connState").asText()).isEqualTo("SF");

        Path zeek = dir.resolve("conn.log");
        assertThat(run("export", "--table", "conn-log", "--format", "zeek", "--bootstrap", kafka.bootstrapServers(),
                "--topic", connLog, "--file", zeek.toString()).exit).isZero();
        List<String> log = Files.readAllLines(zeek);
        assertThat(log).anyMatch(l -> l.startsWith("#fields\tts\tuid\tid.orig_h"));
        assertThat(log.stream().filter(l -> !l.startsWith("#"))).hasSize(3)
                .allMatch(l -> l.split("\t").length == 21 && l.contains("\tSF\t"));

        Path zeekJson = dir.resolve("conn.json");
        assertThat(run("export", "--table", "conn-log", "--format", "zeek-json", "--bootstrap",
                kafka.bootstrapServers(), "--topic", connLog, "--file", zeekJson.toString()).exit).isZero();
        List<String> jsonLog = Files.readAllLines(zeekJson);
        assertThat(jsonLog).hasSize(3);
        for (String l : jsonLog) {
            assertThat(JSON.readTree(l).path("conn_state").asText()).isEqualTo("SF");
            assertThat(JSON.readTree(l).path("id.orig_h").isTextual()).isTrue();
            assertThat(JSON.readTree(l).path("community_id").asText()).startsWith("1:");
        }

        Run stdout = run("export", "--table", "conn-log", "--format", "csv", "--bootstrap", kafka.bootstrapServers(),
                "--topic", connLog);
        assertThat(stdout.out.lines().count()).isEqualTo(4);
        assertThat(stdout.err).doesNotContain("["); // 3 records: no progress bar in auto mode

        Run wrong = run("export", "--table", "connections", "--format", "zeek", "--bootstrap", kafka.bootstrapServers());
        assertThat(wrong.exit).isEqualTo(2);
        assertThat(wrong.err).contains("--table conn-log");
        Run wrongJson = run("export", "--table", "connections", "--format", "zeek-json", "--bootstrap",
                kafka.bootstrapServers());
        assertThat(wrongJson.exit).isEqualTo(2);
        assertThat(wrongJson.err).contains("--table conn-log");
    }

    private boolean queryServerHasTwoRows() {
        Run r = run("query", "connections", "-o", "json", "--url", url());
        try {
            return r.exit == 0 && JSON.readTree(r.out).path("total").asInt() == 2;
        } catch (Exception e) {
            return false;
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SynScope());
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static ConnectionState row(String uid, String client, int port, TcpState orig, TcpState resp) {
        return ConnectionState.newBuilder().setUid(uid).setIpVersion(4).setOrigAddr(client).setOrigPort(port)
                .setRespAddr("198.51.100.10").setRespPort(80).setOrigState(orig).setRespState(resp)
                .setFirstSeenMicros(1_700_000_000_000_000L).setLastSeenMicros(1_700_000_001_000_000L)
                .setConnState("S1").setHistory("ShADadF").build();
    }

    private void put(ConnectionState c) {
        send(connections, key(c), SynScopeSerdes.CONNECTION_STATE.serializer().serialize(connections, c));
    }

    private void tombstone(ConnectionState c) {
        send(connections, key(c), null);
    }

    private byte[] key(ConnectionState c) {
        return SynScopeSerdes.CONNECTION_KEY.serializer().serialize(connections, CanonicalKeys.of(4,
                CanonicalKeys.addressBytes(c.getOrigAddr()), c.getOrigPort(),
                CanonicalKeys.addressBytes(c.getRespAddr()), c.getRespPort(), null));
    }

    private void send(String topic, byte[] key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
