package dev.synscope.streams.config;

import dev.synscope.schema.Topics;
import java.util.List;

/**
 * The topics of one pipeline: the probes' inputs and the streams app's outputs. Production uses
 * {@link #defaults()} (the names in {@link Topics}); tests, the lab and {@code analyze --bootstrap} give
 * each run its own set with {@link #prefixed(String)}, so that runs never share data. {@link #all()} is
 * what {@link Topics#ensure} creates.
 *
 * @param headers     header observations from the probes (input)
 * @param probeStats  probe accounting, compacted (input; read by reports, not by the topology)
 * @param connections the live connection table, compacted
 * @param connLog     finished connections
 * @param connLogJson finished connections as Zeek's JSON conn.log lines (uid -> JSON)
 * @param anomalies   anomaly events
 * @param dlq         dead letters
 */
public record TopicNames(String headers, String probeStats, String connections, String connLog, String connLogJson,
                         String anomalies, String dlq) {

    /** The names with the Zeek-JSON conn-log beside the conn-log ({@code <connLog>.json}). */
    public TopicNames(String headers, String probeStats, String connections, String connLog, String anomalies,
                      String dlq) {
        this(headers, probeStats, connections, connLog, connLog + ".json", anomalies, dlq);
    }

    public static TopicNames defaults() {
        return new TopicNames(Topics.HEADERS, Topics.PROBE_STATS, Topics.CONNECTIONS, Topics.CONN_LOG,
                Topics.CONN_LOG_JSON, Topics.ANOMALIES, Topics.DLQ);
    }

    /** The default names with a prefix, e.g. {@code test-42.} gives {@code test-42.synscope.tcp.headers}. */
    public static TopicNames prefixed(String prefix) {
        TopicNames d = defaults();
        return new TopicNames(prefix + d.headers, prefix + d.probeStats, prefix + d.connections, prefix + d.connLog,
                prefix + d.connLogJson, prefix + d.anomalies, prefix + d.dlq);
    }

    /** Every topic, each with whether it is compacted. */
    public List<Topics.TopicSpec> all() {
        return List.of(new Topics.TopicSpec(headers, false), new Topics.TopicSpec(probeStats, true),
                new Topics.TopicSpec(connections, true), new Topics.TopicSpec(connLog, false),
                new Topics.TopicSpec(connLogJson, false), new Topics.TopicSpec(anomalies, false), new Topics.TopicSpec(dlq, false));
    }

    /** The streams app's output topics, each with whether it is compacted. */
    public List<Topics.TopicSpec> outputs() {
        return all().subList(2, 7);
    }
}
