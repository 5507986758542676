package dev.synscope.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synscope.probe.testing.NetNamespace;
import dev.synscope.probe.testing.TopicReader;
import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.ProbeStats;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture on a veth pair into a network namespace (documentation addresses): real HTTP
 * exchanges through the Linux stack, captured, published, read back. The HTTP body carries a
 * unique marker that must not appear in any record on any topic.
 */
@ExtendWith(KafkaBrokerExtension.class)
class LiveProbeIT {

    private static final int EXCHANGES = 5;

    @TempDir
    Path dir;

    @Test
    void capturesRealConnectionsWithoutPayload(TestKafka kafka) throws Exception {
        String reason = NetNamespace.unavailableReason();
        assumeTrue(reason == null, () -> "live capture test skipped: " + reason);
        assumeTrue(onPath("curl") && onPath("python3"), "live capture test skipped: needs curl and python3");

        String headers = kafka.uniqueTopic("headers");
        String stats = kafka.uniqueTopic("stats");
        kafka.createTopic(headers, 3, Map.of());
        kafka.createTopic(stats, 1, Map.of());
        String marker = "SYNSCOPE-LIVE-MARKER-" + System.nanoTime();
        Files.writeString(dir.resolve("marker.html"), "<html>" + marker + "</html>\n");

        try (NetNamespace ns = NetNamespace.create("lp")) {
            ns.start("python3", "-m", "http.server", "--bind", NetNamespace.NS_ADDRESS, "--directory",
                    dir.toString(), "8080");
            // wait for the server before capturing, so refused early attempts are not counted
            ns.run("curl", "-sS", "-o", "/dev/null", "--noproxy", "*", "--max-time", "5", "--retry", "30",
                    "--retry-connrefused", "--retry-delay", "0",
                    "http://" + NetNamespace.NS_ADDRESS + ":8080/marker.html");
            ProbeConfig config = ProbeConfig.live(kafka.bootstrapServers(), ns.hostIface())
                    .withProbeId("live-test")
                    .withTopics(headers, stats)
                    .withIntervals(Duration.ofMillis(200), Duration.ofMillis(100));
            LiveProbe probe = Probe.start(config);
            ProbeSummary summary;
            try {
                for (int i = 0; i < EXCHANGES; i++) {
                    String body = ns.run("curl", "-sS", "--noproxy", "*", "--max-time", "5",
                            "http://" + NetNamespace.NS_ADDRESS + ":8080/marker.html");
                    assertThat(body).contains(marker);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (probe.counters().packetsDecoded() < EXCHANGES * 8 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            } finally {
                probe.close();
            }
            summary = probe.summary();

            assertThat(summary.probeId()).isEqualTo("live-test");
            assertThat(summary.packetsDecoded()).isGreaterThanOrEqualTo(EXCHANGES * 8);
            assertThat(summary.recordsPublished()).isEqualTo(summary.packetsDecoded());
            assertThat(summary.kernel().received()).isGreaterThanOrEqualTo(summary.packetsSeen());
            assertThat(summary.kernel().dropped()).isZero();
            assertThat(summary.bufferDrops().packets()).isZero();

            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), headers);
            Map<ConnectionKey, Set<Integer>> partitions = new HashMap<>();
            Set<Integer> heartbeatPartitions = new HashSet<>();
            int syns = 0;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                HeaderObservation o = SynScopeSerdes.HEADER_OBSERVATION.deserialize(headers, r.value());
                if (o.getKind() == ObservationKind.HEARTBEAT) {
                    heartbeatPartitions.add(r.partition());
                    continue;
                }
                assertThat(o.getIface()).isEqualTo(ns.hostIface());
                assertThat(o.getSrcPort() == 8080 || o.getDstPort() == 8080).isTrue();
                partitions.computeIfAbsent(CanonicalKeys.of(o), k -> new HashSet<>()).add(r.partition());
                if (o.getFlags() == 0x02) {
                    syns++;
                    assertThat(o.getMss()).isNotNull();
                }
            }
            assertThat(syns).isEqualTo(EXCHANGES);
            assertThat(partitions).hasSize(EXCHANGES);
            assertThat(partitions.values()).allMatch(p -> p.size() == 1);
            assertThat(heartbeatPartitions).containsExactlyInAnyOrder(0, 1, 2);

            byte[] needle = "SYNSCOPE-LIVE-MARKER".getBytes(StandardCharsets.US_ASCII);
            for (String topic : List.of(headers, stats)) {
                for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(kafka.bootstrapServers(), topic)) {
                    assertThat(ProbeFileIT.indexOf(r.value(), needle)).as("payload marker on " + topic).isNegative();
                    assertThat(ProbeFileIT.indexOf(r.key(), needle)).as("payload marker on " + topic).isNegative();
                }
            }
            List<ProbeStats> statsRecords = TopicReader.readAll(kafka.bootstrapServers(), stats).stream()
                    .map(r -> SynScopeSerdes.PROBE_STATS.deserialize(stats, r.value())).toList();
            ProbeStats last = statsRecords.get(statsRecords.size() - 1);
            assertThat(last.getRecordsSent()).isEqualTo(summary.recordsPublished());
            assertThat(last.getKernelReceived()).isGreaterThan(0);
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
