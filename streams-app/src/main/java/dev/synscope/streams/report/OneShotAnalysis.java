package dev.synscope.streams.report;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.StreamsApp;
import dev.synscope.streams.config.StreamsAppConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The streams side of {@code synscope analyze}: what to do once the probe has published the last
 * packet of the capture.
 *
 * <pre>
 *   OneShotAnalysis analysis = OneShotAnalysis.begin(app);      // before the probe publishes anything
 *   ... run the probe on the files ...
 *   AnalysisResult result = analysis.finish(lastPacketMicros, Duration.ofMinutes(10));
 * </pre>
 *
 * {@link #finish} sends a HEARTBEAT at the last packet's time to every headers partition (so every
 * partition's timeouts have run up to that time, not only up to its own last packet), waits until
 * the app has processed everything and reads the connection table (the "states" view); then sends
 * END_OF_CAPTURE to every partition, waits again and reads the conn-log and anomalies this
 * analysis produced (read_committed, from the offsets noted by {@link #begin}).
 */
public final class OneShotAnalysis {

    private final StreamsApp app;
    private final Map<Integer, Long> connLogStart;
    private final Map<Integer, Long> anomaliesStart;

    private OneShotAnalysis(StreamsApp app, Map<Integer, Long> connLogStart, Map<Integer, Long> anomaliesStart) {
        this.app = app;
        this.connLogStart = connLogStart;
        this.anomaliesStart = anomaliesStart;
    }

    /** Notes where the output topics end now, so only this analysis's records are collected. */
    public static OneShotAnalysis begin(StreamsApp app) {
        StreamsAppConfig c = app.config();
        Duration t = Duration.ofSeconds(30);
        return new OneShotAnalysis(app, TopicReader.endOffsets(c.bootstrapServers(), c.topics().connLog(), t),
                TopicReader.endOffsets(c.bootstrapServers(), c.topics().anomalies(), t));
    }

    /** Drives the end of the capture through the app and collects the result (see the class comment). */
    public AnalysisResult finish(long lastPacketMicros, Duration timeout) {
        StreamsAppConfig c = app.config();
        broadcast(c, ObservationKind.HEARTBEAT, lastPacketMicros);
        awaitProcessed(timeout);
        List<ConnectionState> table = app.connectionTable();
        broadcast(c, ObservationKind.END_OF_CAPTURE, lastPacketMicros);
        awaitProcessed(timeout);
        List<ConnLogRecord> logs = TopicReader.readFrom(c.bootstrapServers(), c.topics().connLog(), connLogStart,
                new ByteArrayDeserializer(), SynScopeSerdes.CONN_LOG_RECORD, timeout).stream()
                .map(ConsumerRecord::value).toList();
        List<AnomalyEvent> anomalies = TopicReader.readFrom(c.bootstrapServers(), c.topics().anomalies(),
                anomaliesStart, new ByteArrayDeserializer(), SynScopeSerdes.ANOMALY_EVENT, timeout).stream()
                .map(ConsumerRecord::value).toList();
        return new AnalysisResult(table, logs, anomalies);
    }

    private void awaitProcessed(Duration timeout) {
        if (!app.awaitProcessed(timeout)) {
            throw new IllegalStateException("the streams app did not process the capture within " + timeout);
        }
    }

    /** Sends a control record (HEARTBEAT or END_OF_CAPTURE) to every partition of the headers topic. */
    public static void broadcast(StreamsAppConfig config, ObservationKind kind, long tsMicros) {
        HeaderObservation control = HeaderObservation.newBuilder().setKind(kind).setTsMicros(tsMicros)
                .setProbeId("analyze").setIface("analyze").build();
        byte[] value = SynScopeSerdes.HEADER_OBSERVATION.serialize(null, control);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // Kafka timestamp = now (event time is in the value): see ConnectionTrackingProcessor#emit
            for (PartitionInfo partition : producer.partitionsFor(config.topics().headers())) {
                producer.send(new ProducerRecord<>(config.topics().headers(), partition.partition(),
                        System.currentTimeMillis(), null, value)).get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + kind, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send " + kind + " to " + config.topics().headers() + ": "
                    + e.getMessage(), e);
        }
    }
}
