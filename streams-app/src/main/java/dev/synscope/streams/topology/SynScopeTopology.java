package dev.synscope.streams.topology;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.CommunityId;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.endpoint.EndpointDeltaBatch;
import dev.synscope.streams.endpoint.EndpointDeltaBatchSerde;
import dev.synscope.streams.endpoint.EndpointStatsProcessor;
import dev.synscope.streams.report.ZeekJsonConnLogWriter;
import dev.synscope.streams.state.ConnectionTracker;
import dev.synscope.streams.timeouts.CaptureTimeExtractor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The one place the streams app's topology is assembled.
 *
 * <pre>
 *  headers (bytes) ──decode──┬─ rejected ──────────────────────────────────────▶ dlq
 *                            └─ accepted ──track [connections, connection-timers, connection-deadlines]
 *                                            ├─ rows / tombstones ──────────────▶ connections (compacted)
 *                                            ├─ conn-log records ───────────────▶ conn-log
 *                                            │    └─ finished, as Zeek JSON (uid) ─▶ conn-log.json
 *                                            ├─ anomalies ──────────────────────▶ anomalies
 *                                            └─ endpoint deltas ─ re-key by endpoint ─▶ (repartition topic
 *                                                 "endpoint-deltas") ─ endpoint-stats [endpoint-stats] ─▶ anomalies
 * </pre>
 *
 * The steps are Processor API processors; the DSL only wires them, because it creates and sizes
 * the internal repartition topic that moves endpoint deltas to the instance owning the endpoint,
 * which is what makes the aggregates right with several instances.
 *
 * <p>Speed (see BENCHMARKS.md "Streams"): every store has an {@link ObjectCacheStore} in front, so the
 * stream thread works on Java objects and RocksDB + changelog see each key once per commit; table rows
 * (latest per connection) and endpoint deltas (one ordered batch per endpoint) are forwarded once per
 * commit, inside the commit's transaction ({@link CommitTimeEmitter}); the public record types go
 * through {@link SynScopeSerdes}, the project's one Avro codec (its fast path reuses buffers and the
 * generated classes' own coders).
 */
public final class SynScopeTopology {

    /** ConnectionKey -> ConnectionState, the live connection table (RocksDB, changelogged). */
    public static final String CONNECTIONS_STORE = "connections";
    /** Connection key bytes -> timer entry (deadline, interims, zero-window start times). */
    public static final String TIMERS_STORE = "connection-timers";
    /** Deadline (8 bytes) + connection key bytes -> empty: the sweep scans only the due range. */
    public static final String DEADLINE_INDEX_STORE = "connection-deadlines";
    /** Endpoint ("host:port" or "host") -> EndpointStats. */
    public static final String ENDPOINT_STATS_STORE = "endpoint-stats";
    /** Per task: the TTL each responder host's SYN+ACKs carry at each vantage (middlebox RST detection). */
    public static final String RESPONDER_TTL_STORE = "responder-ttls";
    /** Name of the internal repartition step (topic {@code <application.id>-endpoint-deltas-repartition}). */
    public static final String ENDPOINT_DELTAS = "endpoint-deltas";

    /**
     * Deserialized values each store keeps per task in front of RocksDB ({@link ObjectCacheStore}); dirty
     * ones are written at every commit. Enough for every connection active within a commit interval at
     * full speed (tens of thousands of records/s x 100 ms), small enough that two tasks' caches of the
     * largest value (ConnectionState) stay well under 100 MB of heap, so 1M tracked connections still fit
     * a 1 GB heap. Override with the Streams property {@value ObjectCacheStore#MAX_ENTRIES_CONFIG}.
     */
    public static final int OBJECT_CACHE_ENTRIES = 20_000;

    /** Serdes of the topology's internal data (the public record types use SynScopeSerdes). */
    public static final Serde<byte[]> RAW = Serdes.ByteArray();
    public static final Serde<String> ENDPOINT_KEY = Serdes.String();
    public static final Serde<EndpointDeltaBatch> ENDPOINT_DELTA = EndpointDeltaBatchSerde.INSTANCE;

    private SynScopeTopology() {
    }

    public static Topology build(TopicNames topics, Thresholds thresholds, ConnectionTracker tracker) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(new ObjectCacheStoreBuilder<>(CONNECTIONS_STORE, SynScopeSerdes.CONNECTION_KEY,
                SynScopeSerdes.CONNECTION_STATE, OBJECT_CACHE_ENTRIES));
        builder.addStateStore(new ObjectCacheStoreBuilder<>(TIMERS_STORE, Serdes.Bytes(), RAW, OBJECT_CACHE_ENTRIES));
        builder.addStateStore(new ObjectCacheStoreBuilder<>(DEADLINE_INDEX_STORE, Serdes.Bytes(), RAW,
                OBJECT_CACHE_ENTRIES));
        builder.addStateStore(new ObjectCacheStoreBuilder<>(RESPONDER_TTL_STORE, Serdes.String(), Serdes.Integer(),
                OBJECT_CACHE_ENTRIES));
        builder.addStateStore(new ObjectCacheStoreBuilder<>(ENDPOINT_STATS_STORE, ENDPOINT_KEY,
                SynScopeSerdes.ENDPOINT_STATS, OBJECT_CACHE_ENTRIES));

        long maxSkewMicros = thresholds.maxClockSkewMicros();
        long maxAheadMicros = thresholds.maxClockAheadMicros();
        KStream<ConnectionKey, DecodedHeader> decoded = builder
                .stream(topics.headers(), Consumed.with(RAW, RAW)
                        .withTimestampExtractor(new CaptureTimeExtractor(maxSkewMicros / 1_000L,
                                maxAheadMicros / 1_000L))
                        .withName("headers"))
                .process(() -> new HeaderDecodeProcessor(maxSkewMicros, maxAheadMicros), Named.as("decode"));

        decoded.split(Named.as("decoded-"))
                .branch((k, v) -> v instanceof DecodedHeader.Rejected, Branched.withConsumer(rejected -> rejected
                        .map((k, v) -> {
                            DecodedHeader.Rejected r = (DecodedHeader.Rejected) v;
                            return KeyValue.pair(r.rawKey(), r.deadLetter());
                        }, Named.as("dead-letter"))
                        .to(topics.dlq(), Produced.with(RAW, SynScopeSerdes.DEAD_LETTER).withName("dlq")),
                        "rejected"))
                .defaultBranch(Branched.withConsumer(accepted -> track(accepted
                        .mapValues(v -> ((DecodedHeader.Accepted) v).observation(), Named.as("observation")),
                        topics, thresholds, tracker), "accepted"));
        return builder.build();
    }

    private static void track(KStream<ConnectionKey, HeaderObservation> observations, TopicNames topics,
                              Thresholds thresholds, ConnectionTracker tracker) {
        ConnectionTrackingProcessor.StoreNames stores = new ConnectionTrackingProcessor.StoreNames(
                CONNECTIONS_STORE, TIMERS_STORE, DEADLINE_INDEX_STORE, RESPONDER_TTL_STORE);
        KStream<ConnectionKey, TrackerOutput> outputs = observations.process(
                () -> new ConnectionTrackingProcessor(stores, thresholds, tracker), Named.as("track"),
                CONNECTIONS_STORE, TIMERS_STORE, DEADLINE_INDEX_STORE, RESPONDER_TTL_STORE);

        outputs.split(Named.as("tracked-"))
                .branch((k, v) -> v instanceof TrackerOutput.Row, Branched.withConsumer(rows -> rows
                        .mapValues(v -> ((TrackerOutput.Row) v).state(), Named.as("row"))
                        .to(topics.connections(), Produced.with(SynScopeSerdes.CONNECTION_KEY,
                                SynScopeSerdes.CONNECTION_STATE).withName("connections")), "rows"))
                .branch((k, v) -> v instanceof TrackerOutput.ConnLog, Branched.withConsumer(logs -> {
                    KStream<ConnectionKey, ConnLogRecord> records = logs
                            .mapValues(v -> ((TrackerOutput.ConnLog) v).record(), Named.as("conn-log-record"));
                    records.to(topics.connLog(), Produced.with(SynScopeSerdes.CONNECTION_KEY,
                            SynScopeSerdes.CONN_LOG_RECORD).withName("conn-log"));
                    // the same finished connections as Zeek's JSON conn.log lines, keyed by uid
                    records.filter((k, v) -> !v.getInterim(), Named.as("conn-log-final"))
                            .map((k, v) -> KeyValue.pair(v.getUid(), ZeekJsonConnLogWriter.line(v)),
                                    Named.as("conn-log-zeek-json"))
                            .to(topics.connLogJson(), Produced.with(Serdes.String(), Serdes.String())
                                    .withName("conn-log-json"));
                }, "conn-log"))
                .branch((k, v) -> v instanceof TrackerOutput.Dead, Branched.withConsumer(dead -> dead
                        .map((k, v) -> KeyValue.pair(((TrackerOutput.Dead) v).rawKey(),
                                ((TrackerOutput.Dead) v).deadLetter()), Named.as("tracker-dead-letter"))
                        .to(topics.dlq(), Produced.with(RAW, SynScopeSerdes.DEAD_LETTER).withName("tracker-dlq")), "dead"))
                .branch((k, v) -> v instanceof TrackerOutput.Anomaly, Branched.withConsumer(anomalies -> anomalies
                        .mapValues((k, v) -> withCommunityId(k, ((TrackerOutput.Anomaly) v).event()),
                                Named.as("anomaly"))
                        .to(topics.anomalies(), Produced.with(SynScopeSerdes.CONNECTION_KEY,
                                SynScopeSerdes.ANOMALY_EVENT).withName("anomalies")), "anomalies"))
                .defaultBranch(Branched.withConsumer(deltas -> endpoints(deltas
                        .map((k, v) -> {
                            EndpointDeltaBatch b = ((TrackerOutput.Endpoint) v).batch();
                            return KeyValue.pair(b.endpoint(), b);
                        }, Named.as("by-endpoint")), topics, thresholds), "endpoint"));
    }

    /** A per-connection anomaly with its connection's Community ID (a copy: the tracker's object is left alone). */
    static AnomalyEvent withCommunityId(ConnectionKey key, AnomalyEvent event) {
        if (key == null || event == null || event.getCommunityId() != null) {
            return event;
        }
        return AnomalyEvent.newBuilder(event).setCommunityId(CommunityId.of(key)).build();
    }

    private static void endpoints(KStream<String, EndpointDeltaBatch> deltas, TopicNames topics, Thresholds thresholds) {
        deltas.repartition(Repartitioned.with(ENDPOINT_KEY, ENDPOINT_DELTA).withName(ENDPOINT_DELTAS))
                .process(() -> new EndpointStatsProcessor(ENDPOINT_STATS_STORE, thresholds), Named.as("endpoint-stats"),
                        ENDPOINT_STATS_STORE)
                .to(topics.anomalies(), Produced.with(ENDPOINT_KEY, SynScopeSerdes.ANOMALY_EVENT)
                        .withName("endpoint-anomalies"));
    }

}
