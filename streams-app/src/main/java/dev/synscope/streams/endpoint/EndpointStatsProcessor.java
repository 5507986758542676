package dev.synscope.streams.endpoint;

import dev.synscope.streams.metrics.PipelineMetrics;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.EndpointStats;
import dev.synscope.streams.anomaly.EndpointAggregateRules;
import dev.synscope.streams.config.Thresholds;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies endpoint deltas (arriving keyed by endpoint, after the repartition) to the endpoint-stats
 * store and, after each delta, asks the endpoint-aggregate rules ({@link EndpointAggregateRules}:
 * SYN_FLOOD, CLOSE_WAIT_LEAK) whether the aggregate raises an anomaly; stores their raised/re-armed
 * flags in the aggregate and forwards the anomalies keyed by endpoint.
 *
 * <p>A row whose aggregate is back to nothing (no connection in any state, no refusal, timeout or
 * half-open counted, no anomaly armed) is deleted (a tombstone on the changelog) instead of kept as a
 * zero row: the store holds the endpoints that have something to say, not every address a flood of
 * spoofed SYNs ever used. A deleted endpoint reads as an unknown one.
 */
public final class EndpointStatsProcessor implements Processor<String, EndpointDeltaBatch, String, AnomalyEvent> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EndpointStatsProcessor.class);

    private final String storeName;
    private final Thresholds thresholds;
    private ProcessorContext<String, AnomalyEvent> context;
    private KeyValueStore<String, EndpointStats> store;

    public EndpointStatsProcessor(String storeName, Thresholds thresholds) {
        this.storeName = storeName;
        this.thresholds = thresholds;
    }

    private long failed;
    private PipelineMetrics metrics;

    @Override
    public void init(ProcessorContext<String, AnomalyEvent> context) {
        this.context = context;
        this.metrics = PipelineMetrics.of(context);
        this.store = context.getStateStore(storeName);
    }

    /**
     * Applies a task's deltas for one endpoint in their order, as if they had come one by one. A batch this
     * step throws on is logged and counted ({@link #failed()}) and the task goes on: the batch is internal
     * (made by the tracker), so there is no input record to dead-letter; the endpoint keeps its last stored
     * aggregate.
     */
    @Override
    public void process(Record<String, EndpointDeltaBatch> record) {
        try {
            aggregate(record);
        } catch (RuntimeException e) {
            failed++;
            metrics.endpointUpdateFailed();
            LOG.error("endpoint batch #{} for {} failed; skipped, processing goes on", failed, record.key(), e);
        }
    }

    /** Endpoint batches this processor instance skipped because applying them threw. */
    public long failed() {
        return failed;
    }

    private void aggregate(Record<String, EndpointDeltaBatch> record) {
        EndpointDeltaBatch batch = record.value();
        if (batch == null || record.key() == null || batch.deltas().isEmpty()) {
            return;
        }
        EndpointStats stats = store.get(record.key());
        for (EndpointDelta d : batch.deltas()) {
            stats = apply(stats, d, record);
        }
        if (empty(stats)) {
            store.delete(record.key());
        } else {
            store.put(record.key(), stats);
        }
    }

    /** Nothing left that the row would tell: deleting it loses nothing. */
    static boolean empty(EndpointStats s) {
        return s.getStateCounts().isEmpty() && s.getTotalRefusals() == 0 && s.getTotalTimeouts() == 0
                && s.getTotalHalfOpen() == 0 && s.getWindowRefusals() == 0 && s.getWindowTimeouts() == 0
                && s.getWindowHalfOpen() == 0 && !s.getSynFloodActive() && !s.getCloseWaitLeakActive()
                && s.getAgedHandshakes() == 0 && s.getAgedCloseWaits() == 0 && s.getWindowEvictedHandshakes() == 0
                && s.getWindowAbandonedHandshakes() == 0
                && s.getTotalEvictedHandshakes() == 0;
    }

    private EndpointStats apply(EndpointStats current, EndpointDelta d, Record<String, EndpointDeltaBatch> record) {
        EndpointStats stats = current;
        if (stats == null) {
            stats = EndpointStats.newBuilder().setEndpoint(d.endpoint()).setHost(d.host())
                    .setPort(d.port() < 0 ? null : d.port()).setWindowMicros(thresholds.endpointWindowMicros())
                    .setWindowStartMicros(windowStart(d.tsMicros())).build();
        }
        rollWindow(stats, d.tsMicros());
        Map<String, Long> counts = new HashMap<>(stats.getStateCounts());
        if (d.fromState() != null) {
            counts.merge(d.fromState(), -1L, Long::sum);
            if (counts.get(d.fromState()) <= 0) {
                counts.remove(d.fromState());
            }
        }
        if (d.toState() != null) {
            counts.merge(d.toState(), 1L, Long::sum);
        }
        stats.setStateCounts(counts);
        switch (d.event()) {
            case REFUSED -> {
                stats.setWindowRefusals(stats.getWindowRefusals() + 1);
                stats.setTotalRefusals(stats.getTotalRefusals() + 1);
            }
            case CONNECT_TIMEOUT -> {
                stats.setWindowTimeouts(stats.getWindowTimeouts() + 1);
                stats.setTotalTimeouts(stats.getTotalTimeouts() + 1);
            }
            case HALF_OPEN -> {
                stats.setWindowHalfOpen(stats.getWindowHalfOpen() + 1);
                stats.setTotalHalfOpen(stats.getTotalHalfOpen() + 1);
            }
            case EVICTED_HANDSHAKE -> {
                stats.setWindowEvictedHandshakes(stats.getWindowEvictedHandshakes() + 1);
                stats.setTotalEvictedHandshakes(stats.getTotalEvictedHandshakes() + 1);
            }
            case ABANDONED_HANDSHAKE -> stats.setWindowAbandonedHandshakes(stats.getWindowAbandonedHandshakes() + 1);
            case AGED_HANDSHAKE -> stats.setAgedHandshakes(stats.getAgedHandshakes() + 1);
            case AGED_HANDSHAKE_GONE -> stats.setAgedHandshakes(Math.max(0, stats.getAgedHandshakes() - 1));
            case AGED_CLOSE_WAIT -> stats.setAgedCloseWaits(stats.getAgedCloseWaits() + 1);
            case AGED_CLOSE_WAIT_GONE -> stats.setAgedCloseWaits(Math.max(0, stats.getAgedCloseWaits() - 1));
            case NONE -> {
                // a state change only
            }
        }
        stats.setLastUpdateMicros(Math.max(stats.getLastUpdateMicros(), d.tsMicros()));
        EndpointAggregateRules.Decision synFlood = EndpointAggregateRules.synFlood(stats,
                thresholds.synFloodThreshold(), thresholds.synFloodMinAge(), d.tsMicros(), d.uid());
        stats.setSynFloodActive(synFlood.active());
        emit(record, synFlood.raised());
        EndpointAggregateRules.Decision closeWaitLeak = EndpointAggregateRules.closeWaitLeak(stats,
                thresholds.closeWaitLeakThreshold(), thresholds.closeWaitLeakMinAge(), d.tsMicros(), d.uid());
        stats.setCloseWaitLeakActive(closeWaitLeak.active());
        emit(record, closeWaitLeak.raised());
        return stats;
    }

    private void emit(Record<String, EndpointDeltaBatch> record, AnomalyEvent event) {
        if (event != null) {
            context.forward(new Record<>(record.key(), event, record.timestamp()));
        }
    }

    private void rollWindow(EndpointStats stats, long ts) {
        long start = windowStart(ts);
        if (start > stats.getWindowStartMicros()) {
            stats.setWindowStartMicros(start);
            stats.setWindowRefusals(0);
            stats.setWindowTimeouts(0);
            stats.setWindowHalfOpen(0);
            stats.setWindowEvictedHandshakes(0);
            stats.setWindowAbandonedHandshakes(0);
        }
    }

    private long windowStart(long ts) {
        long w = thresholds.endpointWindowMicros();
        return ts - Math.floorMod(ts, w);
    }
}
