package dev.synscope.streams.topology;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.DeadLetter;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.serde.SynScopeSerdes;

/**
 * The topology's serdes for the public record types: byte-for-byte those of {@link SynScopeSerdes}
 * (the contract), through {@link FastAvroSerde} because every header record passes several of them.
 */
public final class FastSerdes {

    public static final FastAvroSerde<ConnectionKey> CONNECTION_KEY =
            new FastAvroSerde<>(SynScopeSerdes.CONNECTION_KEY, ConnectionKey.getClassSchema());
    public static final FastAvroSerde<HeaderObservation> HEADER_OBSERVATION =
            new FastAvroSerde<>(SynScopeSerdes.HEADER_OBSERVATION, HeaderObservation.getClassSchema());
    public static final FastAvroSerde<ConnectionState> CONNECTION_STATE =
            new FastAvroSerde<>(SynScopeSerdes.CONNECTION_STATE, ConnectionState.getClassSchema());
    public static final FastAvroSerde<ConnLogRecord> CONN_LOG_RECORD =
            new FastAvroSerde<>(SynScopeSerdes.CONN_LOG_RECORD, ConnLogRecord.getClassSchema());
    public static final FastAvroSerde<AnomalyEvent> ANOMALY_EVENT =
            new FastAvroSerde<>(SynScopeSerdes.ANOMALY_EVENT, AnomalyEvent.getClassSchema());
    public static final FastAvroSerde<DeadLetter> DEAD_LETTER =
            new FastAvroSerde<>(SynScopeSerdes.DEAD_LETTER, DeadLetter.getClassSchema());
    public static final FastAvroSerde<EndpointStats> ENDPOINT_STATS =
            new FastAvroSerde<>(SynScopeSerdes.ENDPOINT_STATS, EndpointStats.getClassSchema());

    private FastSerdes() {
    }
}
