package dev.synscope.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

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
    /**
     * The finished connections of {@link #CONN_LOG} as Zeek's JSON conn.log lines (interim records left
     * out); key the uid (UTF-8 string), value one JSON object (UTF-8), for Zeek-JSON consumers.
     */
    public static final String CONN_LOG_JSON = "synscope.tcp.conn-log.json";
    /** Anomaly events; key {@link ConnectionKey} or endpoint string, value {@link AnomalyEvent}. */
    public static final String ANOMALIES = "synscope.tcp.anomalies";
    /** Records that could not be used; key as read, value {@link DeadLetter}. */
    public static final String DLQ = "synscope.dlq";

    /** Name, whether compacted, for every topic SynScope creates. */
    public record TopicSpec(String name, boolean compacted) {
        public Map<String, String> configs() {
            return compacted ? Map.of("cleanup.policy", "compact") : Map.of();
        }

        /**
         * The configs with time-based retention off, for topics that hold a capture file's analysis: header
         * records carry the packets' capture times as timestamps, possibly years old, and a retention.ms
         * deletes such records as soon as they are written.
         */
        public Map<String, String> configsKeepingAll() {
            Map<String, String> all = new HashMap<>(configs());
            if (!compacted) {
                all.put("retention.ms", "-1");
            }
            return Map.copyOf(all);
        }

        public TopicSpec withPrefix(String prefix) {
            return new TopicSpec(prefix + name, compacted);
        }
    }

    /**
     * The one way SynScope creates its topics: those of {@code specs} that do not exist yet, with
     * {@code partitions} partitions, the replication factor and each spec's configs (all data kept when
     * {@code keepAll}). Existing topics are left as they are.
     */
    public static void ensure(Admin admin, Collection<TopicSpec> specs, int partitions, short replication,
                              boolean keepAll) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), partitions, replication)
                            .configs(keepAll ? spec.configsKeepingAll() : spec.configs()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + specs.stream().map(TopicSpec::name).toList()
                    + ": " + e.getMessage(), e);
        }
    }

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(HEADERS, false),
            new TopicSpec(PROBE_STATS, true),
            new TopicSpec(CONNECTIONS, true),
            new TopicSpec(CONN_LOG, false),
            new TopicSpec(CONN_LOG_JSON, false),
            new TopicSpec(ANOMALIES, false),
            new TopicSpec(DLQ, false));

    private Topics() {
    }
}
