package dev.synscope.it.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.synscope.kafka.embedded.LocalKafkaCluster;
import dev.synscope.kafka.embedded.LocalKafkaClusterConfig;
import dev.synscope.kafka.embedded.ScramUser;
import dev.synscope.kafka.embedded.SecureListener;
import dev.synscope.kafka.embedded.TestCertificateAuthority;
import dev.synscope.kafka.embedded.TlsMaterial;
import dev.synscope.kafka.embedded.process.ChildJvm;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.Topics;
import dev.synscope.streams.config.TopicNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, "Security": the real {@code synscope probe} (live capture on the loopback interface) and
 * {@code synscope streams} commands, each in its own JVM, against a broker that accepts clients
 * only over TLS with SCRAM-SHA-512 — configured with the {@code --kafka-*} flags, the passwords read
 * from a file (probe) and from an environment variable (streams app). It checks that
 * <ul>
 *   <li>the pipeline works end to end over SASL_SSL (a connection made on loopback shows up in the
 *       streams app's connections topic);</li>
 *   <li>no secret is printed: neither log contains a password, and the effective configuration
 *       names the secrets' sources only;</li>
 *   <li>no payload byte reaches Kafka: an HTTP exchange whose request and response bodies carry a
 *       unique marker is captured with the default snaplen, and the marker appears in no record
 *       (key, value or header) of any topic on the broker, internal topics included.</li>
 * </ul>
 * Live capture needs root (or CAP_NET_RAW) and libpcap; without them the test is skipped.
 */
class SecurePipelineIT {

    private static final String PROBE_USER = "synscope-probe";
    private static final String STREAMS_USER = "synscope-streams";
    private static final String PROBE_PASSWORD = "probe-pw-" + UUID.randomUUID();
    private static final String STREAMS_PASSWORD = "streams-pw-" + UUID.randomUUID();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    static Path tmp;
    private static TlsMaterial tls;
    private static LocalKafkaCluster cluster;

    @BeforeAll
    static void startSecureBroker() {
        assumeTrue(canCaptureLive(), "live capture on 'lo' needs root and libpcap; skipped");
        tls = TestCertificateAuthority.create(tmp.resolve("tls"), PROBE_USER);
        cluster = LocalKafkaCluster.start(LocalKafkaClusterConfig.defaults().withNodes(1).withPartitions(3)
                .withBaseDir(tmp.resolve("kafka"), false)
                .withSecureListener(SecureListener.saslSsl(tls, List.of(new ScramUser(PROBE_USER, PROBE_PASSWORD),
                        new ScramUser(STREAMS_USER, STREAMS_PASSWORD)))));
        // topics through the harness's own PLAINTEXT listener: creating them is the operator's job
        List<NewTopic> topics = new ArrayList<>();
        topics.add(cluster.topic(Topics.HEADERS, Map.of()));
        topics.add(cluster.topic(Topics.PROBE_STATS, Map.of("cleanup.policy", "compact")));
        TopicNames.defaults().outputs().forEach(spec -> topics.add(cluster.topic(spec.name(), spec.configs())));
        cluster.createTopics(topics);
    }

    @AfterAll
    static void stopBroker() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void probeToStreamsOverTlsAndScramCarriesHeadersButNeverAPayloadByteOrASecret() throws Exception {
        String marker = "SYNSCOPE-BODY-MARKER-" + UUID.randomUUID();
        Path probePasswordFile = Files.writeString(tmp.resolve("probe-password"), PROBE_PASSWORD + "\n");
        List<String> tlsFlags = List.of("--kafka-security-protocol", "SASL_SSL",
                "--kafka-sasl-mechanism", "SCRAM-SHA-512",
                "--kafka-truststore", tls.truststore().toString(),
                "--kafka-truststore-password-file", tls.passwordFile().toString());

        try (BodyServer web = bodyServer(marker);
             StreamsInstance streams = StreamsInstance.start("streams-secure", concat(List.of(
                     "--bootstrap", cluster.secureBootstrapServers(), "--application-id", "secure-app",
                     "--state-dir", tmp.resolve("streams-state").toString(),
                     "--kafka-sasl-username", STREAMS_USER,
                     "--kafka-sasl-password-file", "env:SYNSCOPE_TEST_STREAMS_PASSWORD"), tlsFlags),
                     Map.of("SYNSCOPE_TEST_STREAMS_PASSWORD", STREAMS_PASSWORD), tmp.resolve("streams.log"))) {
            streams.awaitReady(TIMEOUT);
            int port = web.port();
            ChildJvm probe = ChildJvm.start("probe-secure", "dev.synscope.cli.SynScope", concat(List.of("probe",
                            "--iface", "lo", "--filter", "tcp port " + port, "--probe-id", "secure-probe",
                            "--bootstrap", cluster.secureBootstrapServers(),
                            "--kafka-sasl-username", PROBE_USER,
                            "--kafka-sasl-password-file", probePasswordFile.toString()), tlsFlags),
                    StreamsInstance.SMALL_JVM, Map.of(), tmp.resolve("probe.log"));
            try {
                awaitLogLine(probe, "capturing on lo");
                exchange(port, marker);
                // the connection reaches the streams app over SASL_SSL, and its row the output topic
                awaitConnectionRow(port);
            } finally {
                probe.terminate(Duration.ofSeconds(30)); // SIGTERM: the probe flushes what it captured
            }

            // no payload byte on any topic, internal ones included
            byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
            List<String> hits = new ArrayList<>();
            long scanned = 0;
            for (String topic : allTopics()) {
                for (ConsumerRecord<byte[], byte[]> r : everyRecord(topic)) {
                    scanned++;
                    if (contains(r.key(), needle) || contains(r.value(), needle)) {
                        hits.add(topic + "@" + r.partition() + ":" + r.offset());
                    }
                    for (Header h : r.headers()) {
                        if (contains(h.value(), needle)) {
                            hits.add(topic + "@" + r.partition() + ":" + r.offset() + " header " + h.key());
                        }
                    }
                }
            }
            assertThat(scanned).as("records scanned").isPositive();
            assertThat(hits).as("records carrying the HTTP body marker").isEmpty();

            // secrets never printed; their sources are
            String streamsLog = Files.readString(streams.logFile());
            String probeLog = Files.readString(tmp.resolve("probe.log"));
            for (String log : List.of(streamsLog, probeLog)) {
                assertThat(log).doesNotContain(PROBE_PASSWORD).doesNotContain(STREAMS_PASSWORD)
                        .doesNotContain(tls.password());
            }
            assertThat(streamsLog).contains("env:SYNSCOPE_TEST_STREAMS_PASSWORD");
            assertThat(probeLog).contains(probePasswordFile.toString()).contains("[hidden]");
        }
    }

    /** A request and a response whose bodies carry {@code marker}, on a fresh connection closed afterwards. */
    private static void exchange(int port, String marker) throws IOException {
        byte[] body = ("payload " + marker + " payload").getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            assertThat(response.toString(StandardCharsets.US_ASCII)).contains(marker);
        }
    }

    private record BodyServer(com.sun.net.httpserver.HttpServer server) implements AutoCloseable {
        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static BodyServer bodyServer(String marker) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] reply = ("response " + marker + " response").getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        return new BodyServer(server);
    }

    private static void awaitConnectionRow(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : Outputs.raw(cluster.bootstrapServers(), Topics.CONNECTIONS)) {
                if (r.value() != null) {
                    ConnectionState c = dev.synscope.schema.serde.SynScopeSerdes.CONNECTION_STATE
                            .deserialize(Topics.CONNECTIONS, r.value());
                    if (c.getRespPort() == port) {
                        return;
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no row for the loopback connection to port " + port + " on " + Topics.CONNECTIONS);
    }

    private static void awaitLogLine(ChildJvm jvm, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw new AssertionError(jvm.name() + " exited: " + jvm.logTail(40));
            }
            if (Files.readString(jvm.logFile()).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(jvm.name() + " did not print '" + text + "': " + jvm.logTail(40));
    }

    private static List<String> allTopics() throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get().stream().sorted().toList();
        }
    }

    /** Every record of the topic, aborted transactions' included (read_uncommitted), start to end. */
    private static List<ConsumerRecord<byte[], byte[]>> everyRecord(String topic) {
        Map<String, Object> props = Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "isolation.level", "read_uncommitted", "enable.auto.commit", false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        var bytes = new org.apache.kafka.common.serialization.ByteArrayDeserializer();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props, bytes, bytes)) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null || haystack.length < needle.length) {
            return false;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Root (live capture on lo needs CAP_NET_RAW) and a libpcap the probe can load. */
    private static boolean canCaptureLive() {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean libpcap = List.of("/usr/lib/x86_64-linux-gnu/libpcap.so.0.8", "/usr/lib/x86_64-linux-gnu/libpcap.so",
                "/usr/lib/aarch64-linux-gnu/libpcap.so.0.8", "/usr/lib64/libpcap.so.1", "/usr/lib/libpcap.so.1")
                .stream().anyMatch(p -> Files.isReadable(Path.of(p)));
        return root && libpcap;
    }
}
