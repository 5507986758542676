package dev.synscope.streams.report;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionState;
import java.util.List;

/**
 * What a one-shot analysis collected.
 *
 * @param connections the connection table as it stood at the last packet (before END_OF_CAPTURE)
 * @param connLog     conn-log records after END_OF_CAPTURE (every connection finished; interim records included)
 * @param anomalies   anomaly events, in topic order
 */
public record AnalysisResult(List<ConnectionState> connections, List<ConnLogRecord> connLog,
                             List<AnomalyEvent> anomalies) {

    public AnalysisResult {
        connections = List.copyOf(connections);
        connLog = List.copyOf(connLog);
        anomalies = List.copyOf(anomalies);
    }

    /** Final (not interim) conn-log records. */
    public List<ConnLogRecord> finishedConnections() {
        return connLog.stream().filter(r -> !r.getInterim()).toList();
    }
}
