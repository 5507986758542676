package dev.synscope.streams.query.metrics;

import dev.synscope.schema.AnomalyType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * SynScope's own meters, registered on the query server's registry and scraped at {@code /metrics}.
 * The streams side increments them through the methods below (names as Prometheus shows them):
 * <ul>
 * <li>{@code synscope_records_processed_total} - header records processed by this instance
 *     ({@link #recordProcessed()}); records/s is {@code rate(synscope_records_processed_total[1m])}</li>
 * <li>{@code synscope_connections_tracked} - live connections in this instance's active partitions of the
 *     connections store (read from the store at scrape time)</li>
 * <li>{@code synscope_anomalies_total{type}} - anomalies read from the anomalies topic by this
 *     instance's feed; every instance reads the whole topic, so this is cluster-wide: take max, not sum</li>
 * <li>{@code synscope_dlq_records_total{reason}} - records this instance sent to the DLQ ({@link #deadLettered})</li>
 * <li>{@code synscope_punctuation_lag_seconds} - how far the last timeout sweep ran behind the time it
 *     was due, wall-clock ({@link #punctuationLag})</li>
 * <li>{@code synscope_anomaly_feed_undecodable_total} - anomaly records the feed could not decode</li>
 * </ul>
 */
public final class QueryMetrics {

    public static final String RECORDS_PROCESSED = "synscope.records.processed";
    public static final String CONNECTIONS_TRACKED = "synscope.connections.tracked";
    public static final String ANOMALIES = "synscope.anomalies";
    public static final String DLQ_RECORDS = "synscope.dlq.records";
    public static final String PUNCTUATION_LAG = "synscope.punctuation.lag";
    public static final String FEED_UNDECODABLE = "synscope.anomaly.feed.undecodable";

    private final MeterRegistry registry;
    private final Counter recordsProcessed;
    private final Counter feedUndecodable;
    private final Map<AnomalyType, Counter> anomalies = new EnumMap<>(AnomalyType.class);
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final AtomicLong punctuationLagMillis = new AtomicLong();

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.recordsProcessed = Counter.builder(RECORDS_PROCESSED).description("Header records processed")
                .register(registry);
        this.feedUndecodable = Counter.builder(FEED_UNDECODABLE)
                .description("Anomaly records the query server's feed could not decode").register(registry);
        for (AnomalyType type : AnomalyType.values()) {
            // every type registered at zero, so a dashboard shows the full set from the start
            anomalies.put(type, Counter.builder(ANOMALIES).tag("type", type.name())
                    .description("Anomalies seen on the anomalies topic (cluster-wide)").register(registry));
        }
        Gauge.builder(PUNCTUATION_LAG, punctuationLagMillis, v -> v.get() / 1000.0).baseUnit("seconds")
                .description("Delay of the latest timeout sweep behind its due time").register(registry);
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

    public void recordProcessed() {
        recordsProcessed.increment();
    }

    public void recordsProcessed(long n) {
        recordsProcessed.increment(n);
    }

    public void deadLettered(String reason) {
        deadLetters.computeIfAbsent(reason, r -> Counter.builder(DLQ_RECORDS).tag("reason", r)
                .description("Records sent to the dead-letter topic").register(registry)).increment();
    }

    public void punctuationLag(Duration lag) {
        punctuationLagMillis.set(lag.toMillis());
    }

    public void anomalySeen(AnomalyType type) {
        anomalies.get(type).increment();
    }

    public void anomalyFeedUndecodable() {
        feedUndecodable.increment();
    }
}
