package dev.synscope.streams.topology;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.DeadLetter;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.config.StreamsAppConfig;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.query.metrics.QueryMetrics;
import dev.synscope.streams.state.ConnectionTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The real topology (real tracker, real stores) in a TopologyTestDriver, with typed input and output helpers. */
final class TopologyHarness implements AutoCloseable {

    static final Instant WALL_START = Instant.ofEpochSecond(Packets.T0 / 1_000_000L);

    final TopicNames topics = TopicNames.defaults();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> headers;
    final TestOutputTopic<ConnectionKey, ConnectionState> connections;
    final TestOutputTopic<ConnectionKey, ConnLogRecord> connLog;
    final TestOutputTopic<byte[], AnomalyEvent> anomalies;
    final TestOutputTopic<byte[], DeadLetter> dlq;
    private final Path stateDir;

    final List<ConnectionState> rows = new ArrayList<>();
    final List<ConnectionKey> tombstones = new ArrayList<>();
    final List<ConnLogRecord> logs = new ArrayList<>();
    final List<AnomalyEvent> events = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();

    /**
     * The defaults, except that a capture time may run ahead of the wall clock: the driver's wall clock
     * stands at {@link #WALL_START} (it moves only when a test says so) while the tests' capture clocks
     * run minutes and days past it. The live rule itself is tested with {@link Thresholds#defaults()}.
     */
    static Thresholds thresholds() {
        return Thresholds.defaults().toBuilder().maxClockAhead(Duration.ofDays(3650)).build();
    }

    TopologyHarness() {
        this(TopologyHarness.thresholds().withWallClockIdleAdvance(Duration.ZERO));
    }

    TopologyHarness(Thresholds thresholds) {
        this(thresholds, new Properties());
    }

    /** With extra Streams properties (e.g. a tiny object cache, to exercise its evictions). */
    TopologyHarness(Thresholds thresholds, Properties extra) {
        try {
            stateDir = Files.createTempDirectory("synscope-ttd");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Properties props = StreamsAppConfig.defaults("dummy:9092").withApplicationId("ttd-" + System.nanoTime())
                .withStateDir(stateDir).toProperties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.putAll(extra);
        driver = new TopologyTestDriver(SynScopeTopology.build(topics, thresholds, new ConnectionTracker()), props,
                WALL_START);
        headers = driver.createInputTopic(topics.headers(), new ByteArraySerializer(), new ByteArraySerializer());
        connections = driver.createOutputTopic(topics.connections(), SynScopeSerdes.CONNECTION_KEY,
                SynScopeSerdes.CONNECTION_STATE);
        connLog = driver.createOutputTopic(topics.connLog(), SynScopeSerdes.CONNECTION_KEY,
                SynScopeSerdes.CONN_LOG_RECORD);
        anomalies = driver.createOutputTopic(topics.anomalies(), new ByteArrayDeserializer(),
                SynScopeSerdes.ANOMALY_EVENT);
        dlq = driver.createOutputTopic(topics.dlq(), new ByteArrayDeserializer(), SynScopeSerdes.DEAD_LETTER);
    }

    /** Sends observations, keyed as a probe keys them (heartbeats without a key). */
    TopologyHarness send(HeaderObservation... observations) {
        for (HeaderObservation h : observations) {
            boolean control = h.getKind() == ObservationKind.HEARTBEAT || h.getKind() == ObservationKind.END_OF_CAPTURE;
            sendRaw(control ? null : key(h), value(h), h.getTsMicros() / 1000);
        }
        return this;
    }

    /** The key a probe would give this observation. */
    byte[] key(HeaderObservation h) {
        return SynScopeSerdes.CONNECTION_KEY.serialize(null, CanonicalKeys.of(h));
    }

    byte[] value(HeaderObservation h) {
        return SynScopeSerdes.HEADER_OBSERVATION.serialize(null, h);
    }

    TopologyHarness sendRaw(byte[] key, byte[] value, long timestampMillis) {
        headers.pipeInput(new TestRecord<>(key, value, Instant.ofEpochMilli(timestampMillis)));
        drain();
        return this;
    }

    /** Collects everything the topology wrote so far. */
    void drain() {
        for (TestRecord<ConnectionKey, ConnectionState> r : connections.readRecordsToList()) {
            if (r.value() == null) {
                tombstones.add(r.key());
            } else {
                rows.add(r.value());
            }
        }
        logs.addAll(connLog.readValuesToList());
        events.addAll(anomalies.readValuesToList());
        deadLetters.addAll(dlq.readValuesToList());
    }

    List<AnomalyEvent> anomaliesOf(AnomalyType type) {
        return events.stream().filter(e -> e.getType() == type).toList();
    }

    ConnectionState stored(HeaderObservation anyPacketOfTheConnection) {
        KeyValueStore<ConnectionKey, ConnectionState> store = driver.getKeyValueStore(
                SynScopeTopology.CONNECTIONS_STORE);
        return store.get(CanonicalKeys.of(anyPacketOfTheConnection));
    }

    EndpointStats endpoint(String key) {
        KeyValueStore<String, EndpointStats> store = driver.getKeyValueStore(SynScopeTopology.ENDPOINT_STATS_STORE);
        return store.get(key);
    }

    /** A pipeline metric ({@link dev.synscope.streams.metrics.PipelineMetrics}) summed over tasks, optionally one reason. */
    double metric(String name, String reason) {
        return QueryMetrics.sum(driver.metrics(), dev.synscope.streams.metrics.PipelineMetrics.GROUP, name, reason);
    }

    /** Rows in a store now (the driver commits after every record, so the store holds what the task holds). */
    long storeSize(String store) {
        long n = 0;
        try (var it = driver.getKeyValueStore(store).all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    void advanceWallClock(Duration d) {
        driver.advanceWallClockTime(d);
        drain();
    }

    @Override
    public void close() {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
