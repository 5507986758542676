package dev.synscope.schema.serde;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.DeadLetter;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ProbeStats;

/** One shared, thread-safe serde per record type of the contract. */
public final class SynScopeSerdes {

    public static final AvroSerde<ConnectionKey> CONNECTION_KEY =
            new AvroSerde<>(ConnectionKey.class, ConnectionKey.getClassSchema());
    public static final AvroSerde<HeaderObservation> HEADER_OBSERVATION =
            new AvroSerde<>(HeaderObservation.class, HeaderObservation.getClassSchema());
    public static final AvroSerde<ConnectionState> CONNECTION_STATE =
            new AvroSerde<>(ConnectionState.class, ConnectionState.getClassSchema());
    public static final AvroSerde<ConnLogRecord> CONN_LOG_RECORD =
            new AvroSerde<>(ConnLogRecord.class, ConnLogRecord.getClassSchema());
    public static final AvroSerde<AnomalyEvent> ANOMALY_EVENT =
            new AvroSerde<>(AnomalyEvent.class, AnomalyEvent.getClassSchema());
    public static final AvroSerde<ProbeStats> PROBE_STATS =
            new AvroSerde<>(ProbeStats.class, ProbeStats.getClassSchema());
    public static final AvroSerde<DeadLetter> DEAD_LETTER =
            new AvroSerde<>(DeadLetter.class, DeadLetter.getClassSchema());
    /** Per-endpoint aggregates of the streams app's endpoint-stats store. */
    public static final AvroSerde<EndpointStats> ENDPOINT_STATS =
            new AvroSerde<>(EndpointStats.class, EndpointStats.getClassSchema());

    private SynScopeSerdes() {
    }
}
