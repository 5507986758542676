package dev.synscope.it.corpus;

import dev.synscope.probe.capture.CaptureFiles;
import dev.synscope.probe.capture.CaptureFormatException;
import dev.synscope.probe.capture.FrameHandler;
import dev.synscope.probe.capture.FrameSource;
import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.probe.decode.HeaderDecoder;
import dev.synscope.probe.decode.LinkType;
import dev.synscope.schema.serde.HeaderRecordEncoder;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.DeadLetter;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.state.ConnectionTracker;
import dev.synscope.streams.topology.SynScopeTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One trace through the real parts, in-process: the probe's file reader and header decoder, its
 * record encoder (the bytes a probe publishes, keyed as it keys them), its capture-time heartbeats,
 * then the end of the capture as {@code synscope analyze} sends it; into the real topology with the
 * file-analysis thresholds, in a {@link TopologyTestDriver}. Only Kafka is left out (the sample in
 * {@link AnalyzeSampleIT} runs with it).
 */
final class TracePipeline implements FrameHandler, AutoCloseable {

    /** The probe's default: one heartbeat per second of capture time (ProbeConfig.DEFAULT_HEARTBEAT_INTERVAL). */
    private static final long HEARTBEAT_MICROS = dev.synscope.probe.ProbeConfig.DEFAULT_HEARTBEAT_INTERVAL
            .toNanos() / 1_000;

    private final TopicNames topics = TopicNames.defaults();
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> headers;
    private final TestOutputTopic<ConnectionKey, ConnectionState> connections;
    private final TestOutputTopic<ConnectionKey, ConnLogRecord> connLog;
    private final TestOutputTopic<byte[], AnomalyEvent> anomalies;
    private final TestOutputTopic<byte[], DeadLetter> dlq;

    private final HeaderDecoder decoder;
    private final DecodedHeader header = new DecodedHeader();
    private final HeaderRecordEncoder encoder;

    private long packetsRead;
    private long recordsIn;
    private long maxTs = Long.MIN_VALUE;
    private long nextHeartbeat = Long.MIN_VALUE;
    private final Set<ConnectionKey> connectionKeys = new HashSet<>();
    private final List<ConnLogRecord> connLogRecords = new ArrayList<>();
    private final TreeMap<String, Long> anomalyCounts = new TreeMap<>();
    private final TreeMap<String, Long> deadLetterCounts = new TreeMap<>();

    TracePipeline(String probeId) throws IOException {
        this(probeId, false, false);
    }

    /**
     * {@code vlanInKey}: the probe's --vlan-in-key (the outer VLAN id is part of the connection key);
     * {@code validateChecksums}: its --validate-checksums (Zeek without -C).
     */
    TracePipeline(String probeId, boolean vlanInKey, boolean validateChecksums) throws IOException {
        stateDir = Files.createTempDirectory("synscope-corpus");
        Thresholds thresholds = Thresholds.forFileAnalysis();
        Properties props = StreamsAppConfig.defaults("corpus:9092").withApplicationId("corpus-" + System.nanoTime())
                .withStateDir(stateDir).withThresholds(thresholds).toProperties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, StreamsErrors.Processing.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, StreamsErrors.Deserialization.class);
        driver = new TopologyTestDriver(SynScopeTopology.build(topics, thresholds, new ConnectionTracker()), props,
                Instant.now());
        headers = driver.createInputTopic(topics.headers(), new ByteArraySerializer(), new ByteArraySerializer());
        ByteArrayDeserializer raw = new ByteArrayDeserializer();
        connections = output(topics.connections(), SynScopeSerdes.CONNECTION_KEY, SynScopeSerdes.CONNECTION_STATE);
        connLog = output(topics.connLog(), SynScopeSerdes.CONNECTION_KEY, SynScopeSerdes.CONN_LOG_RECORD);
        anomalies = output(topics.anomalies(), raw, SynScopeSerdes.ANOMALY_EVENT);
        dlq = output(topics.dlq(), raw, SynScopeSerdes.DEAD_LETTER);
        encoder = new HeaderRecordEncoder(probeId, probeId, vlanInKey);
        decoder = new HeaderDecoder(new dev.synscope.probe.decode.DecodeCounters(), validateChecksums);
    }

    private <K, V> TestOutputTopic<K, V> output(String topic, Deserializer<K> keys, Deserializer<V> values) {
        return driver.createOutputTopic(topic, keys, values);
    }

    /** Runs the trace to its end (or its damage) and the end of the capture; returns what happened. */
    TraceResult run(Path file, String trace, Integer zeekTcpRows) {
        long start = System.nanoTime();
        String captureError = null;
        String exception = null;
        try {
            try (FrameSource source = CaptureFiles.open(file)) {
                while (source.deliver(this, 4096) >= 0) {
                    collect();
                }
            } catch (CaptureFormatException e) {
                // the probe's behaviour: the good frames before the damage are published, then it says so
                captureError = e.getMessage();
            }
            if (maxTs != Long.MIN_VALUE) {
                pipe(null, encoder.heartbeatValue(maxTs), maxTs);
            }
            endOfCapture(maxTs == Long.MIN_VALUE ? 1 : maxTs);
            collect();
        } catch (Exception | StackOverflowError e) {
            exception = e.toString() + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : "");
        }
        return new TraceResult(trace, packetsRead, decoder.counters().decodedCount(), decoder.counters().snapshot(),
                captureError, recordsIn, deadLetterCounts, connectionKeys.size(), connLogRecords.size(), anomalyCounts,
                StreamsErrors.drain(), exception, zeekTcpRows, Duration.ofNanos(System.nanoTime() - start).toMillis(),
                connLogRecords);
    }

    @Override
    public void onFrame(LinkType linkType, byte[] data, int offset, int capturedLength, int wireLength,
                        long tsMicros) {
        packetsRead++;
        maxTs = Math.max(maxTs, tsMicros);
        if (decoder.decode(linkType, data, offset, capturedLength, tsMicros, header)) {
            pipe(encoder.key(header), encoder.value(header), tsMicros);
        }
        // as the probe's capture loop does for a file: a heartbeat per interval of capture time
        if (nextHeartbeat == Long.MIN_VALUE) {
            nextHeartbeat = maxTs + HEARTBEAT_MICROS;
        } else if (maxTs >= nextHeartbeat) {
            pipe(HeaderRecordEncoder.heartbeatKey(), encoder.heartbeatValue(maxTs), maxTs);
            nextHeartbeat = maxTs + HEARTBEAT_MICROS;
        }
    }

    /** The end of the capture, as OneShotAnalysis broadcasts it. */
    private void endOfCapture(long tsMicros) {
        HeaderObservation end = HeaderObservation.newBuilder().setKind(ObservationKind.END_OF_CAPTURE)
                .setTsMicros(tsMicros).setProbeId("analyze").setIface("analyze").build();
        pipe(null, SynScopeSerdes.HEADER_OBSERVATION.serialize(null, end), tsMicros);
    }

    private void pipe(byte[] key, byte[] value, long tsMicros) {
        recordsIn++;
        headers.pipeInput(new TestRecord<>(key, value, Instant.ofEpochMilli(Math.max(0, tsMicros / 1_000))));
    }

    private void collect() {
        for (TestRecord<ConnectionKey, ConnectionState> r : connections.readRecordsToList()) {
            if (r.value() != null) {
                connectionKeys.add(r.key());
            }
        }
        connLogRecords.addAll(connLog.readValuesToList());
        for (AnomalyEvent e : anomalies.readValuesToList()) {
            anomalyCounts.merge(e.getType().name(), 1L, Long::sum);
        }
        for (DeadLetter d : dlq.readValuesToList()) {
            deadLetterCounts.merge(d.getReason().replaceAll("[0-9]+", "N"), 1L, Long::sum);
        }
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
