package dev.synscope.streams.topology;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionState;
import dev.synscope.streams.endpoint.EndpointDelta;

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

    /** A change for the endpoint aggregates (re-keyed by endpoint downstream). */
    record Endpoint(EndpointDelta delta) implements TrackerOutput {
    }
}
