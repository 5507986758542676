package dev.synscope.it.scaleout;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.config.TopicNames;
import dev.synscope.streams.report.TopicReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a streams-app run wrote, read back as a downstream consumer reads it: whole topics with
 * {@code isolation.level=read_committed}, so records of aborted transactions (an instance killed in
 * the middle of one) are never counted.
 */
record Outputs(Map<ByteBuffer, ConnectionState> connections, List<ConnLogRecord> connLog,
               List<AnomalyEvent> anomalies) {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    static Outputs read(String bootstrap, TopicNames topics) {
        return new Outputs(latestConnections(bootstrap, topics.connections()),
                values(bootstrap, topics.connLog(), SynScopeSerdes.CONN_LOG_RECORD::deserialize),
                values(bootstrap, topics.anomalies(), SynScopeSerdes.ANOMALY_EVENT::deserialize));
    }

    /**
     * The compacted table's content: the latest value per key, a tombstone removing the key — what
     * the topic holds once compaction has run.
     */
    static Map<ByteBuffer, ConnectionState> latestConnections(String bootstrap, String topic) {
        Map<ByteBuffer, ConnectionState> table = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : raw(bootstrap, topic)) {
            ByteBuffer key = ByteBuffer.wrap(r.key());
            if (r.value() == null) {
                table.remove(key);
            } else {
                table.put(key, SynScopeSerdes.CONNECTION_STATE.deserialize(topic, r.value()));
            }
        }
        return table;
    }

    static List<HeaderObservation> headers(String bootstrap, String topic) {
        return values(bootstrap, topic, SynScopeSerdes.HEADER_OBSERVATION::deserialize);
    }

    static List<ConsumerRecord<byte[], byte[]>> raw(String bootstrap, String topic) {
        return TopicReader.readAll(bootstrap, topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                READ_TIMEOUT);
    }

    private interface Decoder<T> {
        T decode(String topic, byte[] bytes);
    }

    private static <T> List<T> values(String bootstrap, String topic, Decoder<T> decoder) {
        return raw(bootstrap, topic).stream().filter(r -> r.value() != null)
                .map(r -> decoder.decode(topic, r.value())).toList();
    }
}
