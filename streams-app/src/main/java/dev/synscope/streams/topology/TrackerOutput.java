package dev.synscope.streams.topology;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.DeadLetter;
import dev.synscope.streams.endpoint.EndpointDeltaBatch;

/** What the connection tracking step emits (key: the ConnectionKey); the topology routes each kind to its topic. */
public sealed interface TrackerOutput {

    /** The connection's row for the compacted connections topic; null state = tombstone. */
    record Row(ConnectionState state) implements TrackerOutput {
    }

    /** A finished or interim connection record. */
    record ConnLog(ConnLogRecord record) implements TrackerOutput {
    }

    /** A per-connection anomaly. */
    record Anomaly(AnomalyEvent event) implements TrackerOutput {
    }

    /** A record this step failed on, for the DLQ (key: the record's key bytes); processing goes on. */
    record Dead(byte[] rawKey, DeadLetter deadLetter) implements TrackerOutput {
    }

    /** Changes for one endpoint's aggregates, in order (re-keyed by endpoint downstream). */
    record Endpoint(EndpointDeltaBatch batch) implements TrackerOutput {
    }
}
