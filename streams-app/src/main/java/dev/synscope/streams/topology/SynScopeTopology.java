package dev.synscope.streams.topology;

import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.endpoint.EndpointDelta;
import dev.synscope.streams.endpoint.EndpointDeltaSerde;
import dev.synscope.streams.endpoint.EndpointStatsProcessor;
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
import org.apache.kafka.streams.state.Stores;

/**
 * The one place the streams app's topology is assembled.
 *
 * <pre>
 *  headers (bytes) ──decode──┬─ rejected ──────────────────────────────────────▶ dlq
 *                            └─ accepted ──track [connections, connection-timers, connection-deadlines]
 *                                            ├─ rows / tombstones ──────────────▶ connections (compacted)
 *                                            ├─ conn-log records ───────────────▶ conn-log
 *                                            ├─ anomalies ──────────────────────▶ anomalies
 *                                            └─ endpoint deltas ─ re-key by endpoint ─▶ (repartition topic
 *                                                 "endpoint-deltas") ─ endpoint-stats [endpoint-stats] ─▶ anomalies
 * </pre>
 *
 * The steps are Processor API processors; the DSL only wires them, because it creates and sizes
 * the internal repartition topic that moves endpoint deltas to the instance owning the endpoint,
 * which is what makes the aggregates right with several instances.
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

    /** Serdes of the topology's internal data (the public record serdes are in SynScopeSerdes). */
    public static final Serde<byte[]> RAW = Serdes.ByteArray();
    public static final Serde<String> ENDPOINT_KEY = Serdes.String();
    public static final Serde<EndpointDelta> ENDPOINT_DELTA = EndpointDeltaSerde.INSTANCE;

    private SynScopeTopology() {
    }

    public static Topology build(TopicNames topics, Thresholds thresholds, ConnectionTracker tracker) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONNECTIONS_STORE),
                SynScopeSerdes.CONNECTION_KEY, SynScopeSerdes.CONNECTION_STATE).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMERS_STORE),
                Serdes.Bytes(), RAW));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINE_INDEX_STORE),
                Serdes.Bytes(), RAW));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RESPONDER_TTL_STORE),
                Serdes.String(), Serdes.Integer()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ENDPOINT_STATS_STORE),
                ENDPOINT_KEY, SynScopeSerdes.ENDPOINT_STATS).withCachingEnabled());

        long maxSkewMicros = thresholds.maxClockSkewMicros();
        KStream<ConnectionKey, DecodedHeader> decoded = builder
                .stream(topics.headers(), Consumed.with(RAW, RAW)
                        .withTimestampExtractor(new CaptureTimeExtractor(maxSkewMicros / 1_000L))
                        .withName("headers"))
                .process(() -> new HeaderDecodeProcessor(maxSkewMicros), Named.as("decode"));

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
                .branch((k, v) -> v instanceof TrackerOutput.ConnLog, Branched.withConsumer(logs -> logs
                        .mapValues(v -> ((TrackerOutput.ConnLog) v).record(), Named.as("conn-log-record"))
                        .to(topics.connLog(), Produced.with(SynScopeSerdes.CONNECTION_KEY,
                                SynScopeSerdes.CONN_LOG_RECORD).withName("conn-log")), "conn-log"))
                .branch((k, v) -> v instanceof TrackerOutput.Anomaly, Branched.withConsumer(anomalies -> anomalies
                        .mapValues(v -> ((TrackerOutput.Anomaly) v).event(), Named.as("anomaly"))
                        .to(topics.anomalies(), Produced.with(SynScopeSerdes.CONNECTION_KEY,
                                SynScopeSerdes.ANOMALY_EVENT).withName("anomalies")), "anomalies"))
                .defaultBranch(Branched.withConsumer(deltas -> endpoints(deltas
                        .map((k, v) -> {
                            EndpointDelta d = ((TrackerOutput.Endpoint) v).delta();
                            return KeyValue.pair(d.endpoint(), d);
                        }, Named.as("by-endpoint")), topics, thresholds), "endpoint"));
    }

    private static void endpoints(KStream<String, EndpointDelta> deltas, TopicNames topics, Thresholds thresholds) {
        deltas.repartition(Repartitioned.with(ENDPOINT_KEY, ENDPOINT_DELTA).withName(ENDPOINT_DELTAS))
                .process(() -> new EndpointStatsProcessor(ENDPOINT_STATS_STORE, thresholds), Named.as("endpoint-stats"),
                        ENDPOINT_STATS_STORE)
                .to(topics.anomalies(), Produced.with(ENDPOINT_KEY, SynScopeSerdes.ANOMALY_EVENT)
                        .withName("endpoint-anomalies"));
    }

}
