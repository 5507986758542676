package dev.synscope.streams.query.metrics;

import dev.synscope.schema.AnomalyType;
import io.micrometer.core.instrument.Counter;
import dev.synscope.streams.metrics.DeadLetterReason;
import dev.synscope.streams.metrics.PipelineMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.DoubleStream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * SynScope's own meters, registered on the query server's registry and scraped at {@code /metrics}.
 * The pipeline's counts are recorded by the topology itself into Kafka Streams' metrics
 * ({@link PipelineMetrics}, per task) and read here at scrape time, summed over this instance's tasks
 * ({@link #bindPipeline}); names as Prometheus shows them:
 * <ul>
 * <li>{@code synscope_records_processed_total} - header records processed by this instance;
 *     records/s is {@code rate(synscope_records_processed_total[1m])}</li>
 * <li>{@code synscope_connections_tracked} - live connections in this instance's active partitions of the
 *     connections store (read from the store at scrape time)</li>
 * <li>{@code synscope_anomalies_total{type}} - anomalies read from the anomalies topic by this
 *     instance's feed; every instance reads the whole topic, so this is cluster-wide: take max, not sum</li>
 * <li>{@code synscope_dlq_records_total{reason}} - records this instance sent to the DLQ, by
 *     {@link DeadLetterReason}</li>
 * <li>{@code synscope_connections_evicted_total} - connections dropped at the per-task connection limit</li>
 * <li>{@code synscope_connections_refused_at_limit_total} - new connections not tracked at the per-task
 *     connection limit (no embryonic connection left to evict)</li>
 * <li>{@code synscope_history_letters_cut_total} - history letters not recorded past the history cap</li>
 * <li>{@code synscope_endpoint_updates_failed_total} - endpoint-aggregate updates that threw and were skipped</li>
 * <li>{@code synscope_stream_thread_replacements_total} - stream threads that died and were replaced
 *     (Kafka Streams' own {@code failed-stream-threads})</li>
 * <li>{@code synscope_punctuation_lag_seconds} - how far the latest timeout sweep ran behind the time it
 *     was due, wall-clock (the worst task)</li>
 * <li>{@code synscope_anomaly_feed_undecodable_total} - anomaly records the feed could not decode</li>
 * </ul>
 */
public final class QueryMetrics {

    public static final String RECORDS_PROCESSED = "synscope.records.processed";
    public static final String CONNECTIONS_EVICTED = "synscope.connections.evicted";
    public static final String CONNECTIONS_REFUSED_AT_LIMIT = "synscope.connections.refused.at.limit";
    public static final String HISTORY_LETTERS_CUT = "synscope.history.letters.cut";
    public static final String ENDPOINT_UPDATES_FAILED = "synscope.endpoint.updates.failed";
    public static final String THREAD_REPLACEMENTS = "synscope.stream.thread.replacements";
    public static final String CONNECTIONS_TRACKED = "synscope.connections.tracked";
    public static final String ANOMALIES = "synscope.anomalies";
    public static final String DLQ_RECORDS = "synscope.dlq.records";
    public static final String PUNCTUATION_LAG = "synscope.punctuation.lag";
    public static final String FEED_UNDECODABLE = "synscope.anomaly.feed.undecodable";

    private final MeterRegistry registry;
    private final Counter feedUndecodable;
    private final Map<AnomalyType, Counter> anomalies = new EnumMap<>(AnomalyType.class);

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.feedUndecodable = Counter.builder(FEED_UNDECODABLE)
                .description("Anomaly records the query server's feed could not decode").register(registry);
        for (AnomalyType type : AnomalyType.values()) {
            // every type registered at zero, so a dashboard shows the full set from the start
            anomalies.put(type, Counter.builder(ANOMALIES).tag("type", type.name())
                    .description("Anomalies seen on the anomalies topic (cluster-wide)").register(registry));
        }
    }

    /**
     * Registers the pipeline's meters, read from {@code streams}' metrics at each scrape: what the
     * topology recorded ({@link PipelineMetrics}) summed over this instance's tasks, and Kafka Streams'
     * own count of failed (replaced) stream threads.
     */
    public void bindPipeline(KafkaStreams streams) {
        pipelineCounter(streams, RECORDS_PROCESSED, PipelineMetrics.RECORDS_PROCESSED,
                "Header records processed");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            // every reason registered at zero, so an alert on any increase works from the start
            FunctionCounter.builder(DLQ_RECORDS, streams, s -> sum(s.metrics(), PipelineMetrics.GROUP,
                            PipelineMetrics.DEAD_LETTERED, reason.tag()))
                    .tag("reason", reason.tag()).description("Records sent to the dead-letter topic").register(registry);
        }
        pipelineCounter(streams, CONNECTIONS_EVICTED, PipelineMetrics.CONNECTIONS_EVICTED,
                "Connections dropped at the per-task connection limit");
        pipelineCounter(streams, CONNECTIONS_REFUSED_AT_LIMIT, PipelineMetrics.CONNECTIONS_REFUSED_AT_LIMIT,
                "New connections not tracked at the per-task connection limit");
        pipelineCounter(streams, HISTORY_LETTERS_CUT, PipelineMetrics.HISTORY_LETTERS_CUT,
                "History letters cut at the history cap");
        pipelineCounter(streams, ENDPOINT_UPDATES_FAILED, PipelineMetrics.ENDPOINT_UPDATES_FAILED,
                "Endpoint-aggregate updates that threw and were skipped");
        FunctionCounter.builder(THREAD_REPLACEMENTS, streams, QueryMetrics::failedStreamThreads)
                .description("Stream threads that died and were replaced").register(registry);
        Gauge.builder(PUNCTUATION_LAG, streams, s -> values(s.metrics(), PipelineMetrics.GROUP,
                        PipelineMetrics.PUNCTUATION_LAG_MS, null).max().orElse(0) / 1000.0).baseUnit("seconds")
                .description("Delay of the latest timeout sweep behind its due time (worst task)").register(registry);
    }

    /** Kafka Streams' own count of stream threads that failed since the client started. */
    public static double failedStreamThreads(KafkaStreams streams) {
        return sum(streams.metrics(), "stream-metrics", "failed-stream-threads", null);
    }

    private void pipelineCounter(KafkaStreams streams, String meter, String metric, String description) {
        FunctionCounter.builder(meter, streams, s -> sum(s.metrics(), PipelineMetrics.GROUP, metric, null))
                .description(description).register(registry);
    }

    /**
     * Sum over tasks of a metric (group and name), optionally only those tagged {@code reason}: what
     * {@code /metrics} shows for a {@link PipelineMetrics} counter.
     */
    public static double sum(Map<MetricName, ? extends Metric> metrics, String group, String name, String reason) {
        return values(metrics, group, name, reason).sum();
    }

    private static DoubleStream values(Map<MetricName, ? extends Metric> metrics, String group, String name,
                                       String reason) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals(group) && e.getKey().name().equals(name)
                        && (reason == null || reason.equals(e.getKey().tags().get("reason"))))
                .map(e -> e.getValue().metricValue())
                .filter(v -> v instanceof Number n && !Double.isNaN(n.doubleValue()))
                .mapToDouble(v -> ((Number) v).doubleValue());
    }

    /** Registers the live-connections gauge, read from the store at each scrape (NaN while not queryable). */
    public void trackConnections(Supplier<Long> count) {
        Gauge.builder(CONNECTIONS_TRACKED, () -> {
            try {
                return count.get();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("Live connections in this instance's active partitions").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void anomalySeen(AnomalyType type) {
        anomalies.get(type).increment();
    }

    public void anomalyFeedUndecodable() {
        feedUndecodable.increment();
    }
}
