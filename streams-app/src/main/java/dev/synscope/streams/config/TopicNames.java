package dev.synscope.streams.config;

import dev.synscope.schema.Topics;
import java.util.List;

/**
 * The topics the streams app reads and writes. Production uses {@link #defaults()} (the names in
 * {@link Topics}); tests give each run its own set so that runs never share data.
 */
public record TopicNames(String headers, String connections, String connLog, String anomalies, String dlq) {

    public static TopicNames defaults() {
        return new TopicNames(Topics.HEADERS, Topics.CONNECTIONS, Topics.CONN_LOG, Topics.ANOMALIES, Topics.DLQ);
    }

    /** The default names with a prefix, e.g. {@code test-42.} gives {@code test-42.synscope.tcp.headers}. */
    public static TopicNames prefixed(String prefix) {
        TopicNames d = defaults();
        return new TopicNames(prefix + d.headers, prefix + d.connections, prefix + d.connLog,
                prefix + d.anomalies, prefix + d.dlq);
    }

    /** Output topics, each with whether it is compacted. */
    public List<Topics.TopicSpec> outputs() {
        return List.of(new Topics.TopicSpec(connections, true), new Topics.TopicSpec(connLog, false),
                new Topics.TopicSpec(anomalies, false), new Topics.TopicSpec(dlq, false));
    }
}
