package dev.synscope.streams.metrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * What the topology counts, recorded by the processors themselves into Kafka Streams' own metrics
 * (group {@value #GROUP}, one sensor per task, tag {@code task-id}): so the counts are per
 * application instance, survive thread replacement, are visible in {@code TopologyTestDriver#metrics()}
 * and reach {@code /metrics} (QueryMetrics sums them over tasks). Processors of one task share the
 * sensors (Streams' sensors are get-or-create by name).
 */
public final class PipelineMetrics {

    public static final String GROUP = "synscope-pipeline";

    /** Header records (packets and control records) taken in by the decode step. */
    public static final String RECORDS_PROCESSED = "records-processed-total";
    /** Records sent to the DLQ, tag {@code reason} (a {@link DeadLetterReason}). */
    public static final String DEAD_LETTERED = "dead-lettered-total";
    /** Connections dropped early because the task was at its connection limit (embryonic first). */
    public static final String CONNECTIONS_EVICTED = "connections-evicted-total";
    /** New connections not tracked because the task was at its connection limit with nothing embryonic to evict. */
    public static final String CONNECTIONS_REFUSED_AT_LIMIT = "connections-refused-at-limit-total";
    /** History letters not recorded because a connection's history reached its cap. */
    public static final String HISTORY_LETTERS_CUT = "history-letters-cut-total";
    /** Endpoint-aggregate updates that threw and were skipped. */
    public static final String ENDPOINT_UPDATES_FAILED = "endpoint-updates-failed-total";
    /** How late the latest timeout sweep ran behind its wall-clock schedule, milliseconds. */
    public static final String PUNCTUATION_LAG_MS = "punctuation-lag-ms";

    private final StreamsMetrics metrics;
    private final String task;
    private final Sensor processed;
    private final Map<DeadLetterReason, Sensor> deadLettered = new EnumMap<>(DeadLetterReason.class);
    private Sensor evicted;
    private Sensor historyCut;
    private Sensor refusedAtLimit;
    private Sensor endpointFailed;
    private Sensor punctuationLag;

    private PipelineMetrics(StreamsMetrics metrics, String task) {
        this.metrics = metrics;
        this.task = task;
        this.processed = counter(RECORDS_PROCESSED, "Header records taken in by the topology", Map.of());
    }

    /** The sensors of the task {@code context} runs; call from {@code Processor#init}. */
    public static PipelineMetrics of(ProcessorContext<?, ?> context) {
        return new PipelineMetrics(context.metrics(), context.taskId().toString());
    }

    public void processed() {
        processed.record();
    }

    public void deadLettered(String reasonText) {
        deadLettered.computeIfAbsent(DeadLetterReason.of(reasonText), r -> counter(DEAD_LETTERED,
                "Records sent to the dead-letter topic", Map.of("reason", r.tag()))).record();
    }

    public void evicted(long connections) {
        if (evicted == null) {
            evicted = sum(CONNECTIONS_EVICTED, "Connections dropped at the per-task connection limit");
        }
        evicted.record(connections);
    }

    public void refusedAtLimit(long connections) {
        if (refusedAtLimit == null) {
            refusedAtLimit = sum(CONNECTIONS_REFUSED_AT_LIMIT, "New connections not tracked at the per-task connection limit");
        }
        refusedAtLimit.record(connections);
    }

    public void historyCut(long letters) {
        if (historyCut == null) {
            historyCut = sum(HISTORY_LETTERS_CUT, "History letters cut at the history cap");
        }
        historyCut.record(letters);
    }

    public void endpointUpdateFailed() {
        if (endpointFailed == null) {
            endpointFailed = counter(ENDPOINT_UPDATES_FAILED, "Endpoint-aggregate updates that threw", Map.of());
        }
        endpointFailed.record();
    }

    public void punctuationLag(long millis) {
        if (punctuationLag == null) {
            punctuationLag = sensor(PUNCTUATION_LAG_MS, Map.of());
            punctuationLag.add(name(PUNCTUATION_LAG_MS, "Delay of the latest timeout sweep", Map.of()), new Value());
        }
        punctuationLag.record(millis);
    }

    private Sensor counter(String name, String description, Map<String, String> tags) {
        Sensor s = sensor(name, tags);
        s.add(name(name, description, tags), new CumulativeCount());
        return s;
    }

    private Sensor sum(String name, String description) {
        Sensor s = sensor(name, Map.of());
        s.add(name(name, description, Map.of()), new CumulativeSum());
        return s;
    }

    private Sensor sensor(String name, Map<String, String> tags) {
        // one sensor per task and tag set; get-or-create, so a task's processors (and a task that moves
        // to another thread of this instance) keep counting into the same one
        return metrics.addSensor("synscope." + task + "." + name + tags.values(), Sensor.RecordingLevel.INFO);
    }

    private MetricName name(String name, String description, Map<String, String> tags) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("task-id", task);
        all.putAll(tags);
        return new MetricName(name, GROUP, description, all);
    }
}
