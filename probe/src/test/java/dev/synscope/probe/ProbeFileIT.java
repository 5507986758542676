package dev.synscope.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.probe.capture.CaptureFiles;
import dev.synscope.probe.capture.FrameSource;
import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.probe.decode.HeaderDecoder;
import dev.synscope.probe.testing.CaptureFileWriter;
import dev.synscope.probe.testing.SyntheticTraffic;
import dev.synscope.probe.testing.TopicReader;
import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.ProbeStats;
import dev.synscope.schema.serde.HeaderRecordEncoder;
import dev.synscope.schema.serde.ObservationMapper;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Replays a capture into a real broker and reads back every topic. */
@ExtendWith(KafkaBrokerExtension.class)
class ProbeFileIT {

    private static final int PACKETS = 20_000;
    private static final int PARTITIONS = 4;

    @TempDir
    Path dir;

    @Test
    void replayPublishesEveryHeaderKeyedByConnectionWithStatsAndHeartbeats(TestKafka kafka) throws Exception {
        String headers = kafka.uniqueTopic("headers");
        String stats = kafka.uniqueTopic("stats");
        kafka.createTopic(headers, PARTITIONS, Map.of());
        kafka.createTopic(stats, 1, Map.of("cleanup.policy", "compact"));
        Path file = dir.resolve("vantage-a.pcap");
        SyntheticTraffic.writePcap(file, PACKETS, 21);

        ProbeConfig config = ProbeConfig.files(kafka.bootstrapServers(), List.of(file))
                .withTopics(headers, stats)
                .withIntervals(Duration.ofSeconds(10), Duration.ofMillis(10));
        ProbeSummary summary = Probe.runFile(config);

        assertThat(summary.probeId()).isEqualTo("vantage-a");
        assertThat(summary.packetsSeen()).isEqualTo(PACKETS);
        assertThat(summary.packetsDecoded()).isEqualTo(PACKETS);
        assertThat(summary.recordsPublished()).isEqualTo(PACKETS);
        assertThat(summary.sendErrors()).isZero();
        assertThat(summary.bufferDrops().packets()).isZero();

        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), headers);
        List<HeaderObservation> observations = new ArrayList<>();
        Map<ConnectionKey, Integer> partitionOfKey = new HashMap<>();
        Map<ConnectionKey, Set<String>> directions = new HashMap<>();
        Map<Integer, List<Long>> heartbeatsByPartition = new HashMap<>();
        long lastHeartbeatTs = Long.MIN_VALUE;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            HeaderObservation value = SynScopeSerdes.HEADER_OBSERVATION.deserialize(headers, r.value());
            ConnectionKey key = SynScopeSerdes.CONNECTION_KEY.deserialize(headers, r.key());
            if (value.getKind() == ObservationKind.HEARTBEAT) {
                assertThat(key).isEqualTo(HeaderRecordEncoder.HEARTBEAT_KEY);
                heartbeatsByPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(value.getTsMicros());
                continue;
            }
            observations.add(value);
            assertThat(key).isEqualTo(CanonicalKeys.of(value));
            assertThat(r.timestamp()).isEqualTo(value.getTsMicros() / 1000);
            Integer earlier = partitionOfKey.putIfAbsent(key, r.partition());
            assertThat(earlier == null || earlier == r.partition()).as("one partition per connection").isTrue();
            directions.computeIfAbsent(key, k -> new HashSet<>())
                    .add(CanonicalKeys.addressText(value.getSrcAddr()) + ":" + value.getSrcPort());
        }
        assertThat(observations).hasSize(PACKETS);
        assertThat(directions.values().stream().filter(d -> d.size() == 2).count())
                .as("connections seen in both directions").isGreaterThan(100);
        assertThat(observations).containsExactlyInAnyOrderElementsOf(expected(file, "vantage-a"));

        // heartbeats on every partition, the last one stamped with the file's last capture time
        assertThat(heartbeatsByPartition.keySet()).hasSize(PARTITIONS);
        for (List<Long> ts : heartbeatsByPartition.values()) {
            assertThat(ts.size()).isGreaterThan(1);
            assertThat(ts).isSorted();
            assertThat(ts.get(ts.size() - 1)).isEqualTo(summary.lastTsMicros());
        }
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = TopicReader.byPartition(records);
        for (List<ConsumerRecord<byte[], byte[]>> partition : byPartition.values()) {
            HeaderObservation last = SynScopeSerdes.HEADER_OBSERVATION.deserialize(headers,
                    partition.get(partition.size() - 1).value());
            assertThat(last.getKind()).as("final heartbeat ends every partition").isEqualTo(ObservationKind.HEARTBEAT);
        }

        List<ProbeStats> statsRecords = TopicReader.readAll(kafka.bootstrapServers(), stats).stream()
                .peek(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("vantage-a"))
                .map(r -> SynScopeSerdes.PROBE_STATS.deserialize(stats, r.value())).toList();
        assertThat(statsRecords).isNotEmpty();
        ProbeStats last = statsRecords.get(statsRecords.size() - 1);
        assertThat(last.getPacketsSeen()).isEqualTo(PACKETS);
        assertThat(last.getPacketsDecoded()).isEqualTo(PACKETS);
        assertThat(last.getRecordsSent()).isEqualTo(PACKETS);
        assertThat(last.getIface()).isEqualTo("vantage-a.pcap");
    }

    @Test
    void noPayloadByteLeavesTheProbe(TestKafka kafka) throws Exception {
        String headers = kafka.uniqueTopic("headers");
        String stats = kafka.uniqueTopic("stats");
        kafka.createTopic(headers, 2, Map.of());
        kafka.createTopic(stats, 1, Map.of());
        String marker = "SYNSCOPE-MARKER-" + System.nanoTime();
        Path file = dir.resolve("marker.pcap");
        // a capture taken with a large snaplen: the marker is inside the captured bytes
        try (CaptureFileWriter w = CaptureFileWriter.pcap(file, ByteOrder.BIG_ENDIAN, false, 1, 65535)) {
            byte[] frame = httpResponse(marker);
            for (int i = 0; i < 50; i++) {
                w.packet(0, 1_700_000_000_000_000L + i, 0, frame, frame.length, frame.length);
            }
        }
        ProbeSummary summary = Probe.runFile(ProbeConfig.files(kafka.bootstrapServers(), List.of(file))
                .withTopics(headers, stats));
        assertThat(summary.recordsPublished()).isEqualTo(50);

        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        byte[] shortNeedle = "SYNSCOPE-MARKER".getBytes(StandardCharsets.US_ASCII);
        int seen = 0;
        for (String topic : List.of(headers, stats)) {
            for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(kafka.bootstrapServers(), topic)) {
                seen++;
                assertThat(indexOf(r.value(), shortNeedle)).as("marker in a value on " + topic).isNegative();
                assertThat(indexOf(r.key(), needle)).as("marker in a key on " + topic).isNegative();
            }
        }
        assertThat(seen).isGreaterThan(50);
        // and the payload length is reported from the IP header
        HeaderObservation one = SynScopeSerdes.HEADER_OBSERVATION.deserialize(headers,
                TopicReader.readAll(kafka.bootstrapServers(), headers).stream()
                        .filter(r -> SynScopeSerdes.HEADER_OBSERVATION.deserialize(headers, r.value()).getKind()
                                == ObservationKind.TCP).findFirst().orElseThrow().value());
        assertThat(one.getPayloadLength()).isEqualTo(httpResponse(marker).length - 14 - 20 - 20);
    }

    private static List<HeaderObservation> expected(Path file, String probeId) throws Exception {
        ObservationMapper mapper = new ObservationMapper(probeId, String.valueOf(file.getFileName()), false);
        HeaderDecoder decoder = new HeaderDecoder();
        DecodedHeader h = new DecodedHeader();
        List<HeaderObservation> out = new ArrayList<>();
        try (FrameSource source = CaptureFiles.open(file)) {
            while (source.deliver((lt, data, off, cap, wire, ts) -> {
                if (decoder.decode(lt, data, off, cap, ts, h)) {
                    out.add(mapper.observation(h));
                }
            }, 1000) >= 0) {
                // all of it
            }
        }
        return out;
    }

    static byte[] httpBody(String marker) {
        return ("<html>" + marker + "</html>").getBytes(StandardCharsets.US_ASCII);
    }

    /** Ethernet + IPv4 + TCP (PSH|ACK) from 203.0.113.10:80 to 198.51.100.20:40000 with an HTTP response. */
    static byte[] httpResponse(String marker) {
        byte[] http = ("HTTP/1.1 200 OK\r\nContent-Length: " + httpBody(marker).length + "\r\n\r\n"
                + new String(httpBody(marker), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        int ipLength = 20 + 20 + http.length;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(14 + ipLength);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0)
                .put(new byte[] {(byte) 203, 0, 113, 10}).put(new byte[] {(byte) 198, 51, 100, 20});
        b.putShort((short) 80).putShort((short) 40000).putInt(1000).putInt(2000)
                .put((byte) 0x50).put((byte) 0x18).putShort((short) 502).putShort((short) 0).putShort((short) 0);
        b.put(http);
        return b.array();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return -1;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
