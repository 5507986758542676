package dev.synscope.schema;

import java.util.List;
import java.util.Map;

/** The topics of the pipeline, their keys, and how they are configured when SynScope creates them. */
public final class Topics {

    /** Header observations from probes; key {@link ConnectionKey}, value {@link HeaderObservation}. */
    public static final String HEADERS = "synscope.tcp.headers";
    /** Probe accounting; key probe id (UTF-8), value {@link ProbeStats}; compacted. */
    public static final String PROBE_STATS = "synscope.probe.stats";
    /** Live connection table; key {@link ConnectionKey}, value {@link ConnectionState}; compacted, tombstone on finalize. */
    public static final String CONNECTIONS = "synscope.tcp.connections";
    /** Finished connections; key {@link ConnectionKey}, value {@link ConnLogRecord}. */
    public static final String CONN_LOG = "synscope.tcp.conn-log";
    /** Anomaly events; key {@link ConnectionKey} or endpoint string, value {@link AnomalyEvent}. */
    public static final String ANOMALIES = "synscope.tcp.anomalies";
    /** Records that could not be used; key as read, value {@link DeadLetter}. */
    public static final String DLQ = "synscope.dlq";

    /** Name, whether compacted, for every topic SynScope creates. */
    public record TopicSpec(String name, boolean compacted) {
        public Map<String, String> configs() {
            return compacted ? Map.of("cleanup.policy", "compact") : Map.of();
        }
    }

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(HEADERS, false),
            new TopicSpec(PROBE_STATS, true),
            new TopicSpec(CONNECTIONS, true),
            new TopicSpec(CONN_LOG, false),
            new TopicSpec(ANOMALIES, false),
            new TopicSpec(DLQ, false));

    private Topics() {
    }
}
