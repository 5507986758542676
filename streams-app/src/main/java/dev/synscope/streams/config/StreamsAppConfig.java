package dev.synscope.streams.config;

import dev.synscope.streams.deadletter.DeadLetterHandlers;
import dev.synscope.schema.kafka.KafkaClientSecurity;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the streams app needs to run, with defaults.
 *
 * @param bootstrapServers    Kafka bootstrap servers
 * @param applicationId       Kafka Streams application id (consumer group, prefix of internal topics)
 * @param stateDir            where RocksDB state lives; keep it across restarts to avoid restoring
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param numStandbyReplicas  warm copies of each state store on other instances
 * @param numThreads          stream threads of this instance
 * @param applicationServer   host:port this instance serves interactive queries on (null = none)
 * @param commitIntervalMs    how often offsets and transactions are committed
 * @param topics              topic names
 * @param thresholds          timeouts and anomaly thresholds
 * @param security            TLS / SASL settings of every Kafka client of the app (secrets are read
 *                            from their sources when a client is built, never held or printed here)
 * @param overrides           Kafka Streams / client properties applied last (e.g. {@code session.timeout.ms},
 *                            {@code replication.factor}); an operator's escape hatch
 */
public record StreamsAppConfig(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        String processingGuarantee,
        int numStandbyReplicas,
        int numThreads,
        String applicationServer,
        long commitIntervalMs,
        TopicNames topics,
        Thresholds thresholds,
        KafkaClientSecurity security,
        Map<String, String> overrides) {

    public static final String DEFAULT_APPLICATION_ID = "synscope-streams";

    public StreamsAppConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are required");
        }
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee)
                && !StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee)) {
            throw new IllegalArgumentException("processing guarantee must be exactly_once_v2 or at_least_once, not "
                    + processingGuarantee);
        }
        if (numStandbyReplicas < 0 || numThreads < 1 || commitIntervalMs < 1) {
            throw new IllegalArgumentException("standby replicas >= 0, threads >= 1, commit interval >= 1 ms");
        }
        if (security == null) {
            security = KafkaClientSecurity.plaintext();
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** Without client security settings: PLAINTEXT. */
    public StreamsAppConfig(String bootstrapServers, String applicationId, Path stateDir, String processingGuarantee,
                            int numStandbyReplicas, int numThreads, String applicationServer, long commitIntervalMs,
                            TopicNames topics, Thresholds thresholds) {
        this(bootstrapServers, applicationId, stateDir, processingGuarantee, numStandbyReplicas, numThreads,
                applicationServer, commitIntervalMs, topics, thresholds, KafkaClientSecurity.plaintext(), Map.of());
    }

    /** Defaults for a cluster at {@code bootstrapServers}. */
    public static StreamsAppConfig defaults(String bootstrapServers) {
        return new StreamsAppConfig(bootstrapServers, DEFAULT_APPLICATION_ID,
                Path.of(System.getProperty("java.io.tmpdir"), "synscope-streams"), StreamsConfig.EXACTLY_ONCE_V2,
                0, 1, null, 100, TopicNames.defaults(), Thresholds.defaults());
    }

    public StreamsAppConfig withApplicationId(String id) {
        return new StreamsAppConfig(bootstrapServers, id, stateDir, processingGuarantee, numStandbyReplicas,
                numThreads, applicationServer, commitIntervalMs, topics, thresholds, security, overrides);
    }

    public StreamsAppConfig withStateDir(Path dir) {
        return new StreamsAppConfig(bootstrapServers, applicationId, dir, processingGuarantee, numStandbyReplicas,
                numThreads, applicationServer, commitIntervalMs, topics, thresholds, security, overrides);
    }

    public StreamsAppConfig withTopics(TopicNames names) {
        return new StreamsAppConfig(bootstrapServers, applicationId, stateDir, processingGuarantee,
                numStandbyReplicas, numThreads, applicationServer, commitIntervalMs, names, thresholds, security, overrides);
    }

    public StreamsAppConfig withThresholds(Thresholds t) {
        return new StreamsAppConfig(bootstrapServers, applicationId, stateDir, processingGuarantee,
                numStandbyReplicas, numThreads, applicationServer, commitIntervalMs, topics, t, security, overrides);
    }

    public StreamsAppConfig withApplicationServer(String hostPort) {
        return new StreamsAppConfig(bootstrapServers, applicationId, stateDir, processingGuarantee, numStandbyReplicas,
                numThreads, hostPort, commitIntervalMs, topics, thresholds, security, overrides);
    }

    public StreamsAppConfig withProcessingGuarantee(String guarantee) {
        return new StreamsAppConfig(bootstrapServers, applicationId, stateDir, guarantee, numStandbyReplicas,
                numThreads, applicationServer, commitIntervalMs, topics, thresholds, security, overrides);
    }

    public StreamsAppConfig withSecurity(KafkaClientSecurity s) {
        return new StreamsAppConfig(bootstrapServers, applicationId, stateDir, processingGuarantee, numStandbyReplicas,
                numThreads, applicationServer, commitIntervalMs, topics, thresholds, s, overrides);
    }

    public StreamsAppConfig withOverrides(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(more);
        return new StreamsAppConfig(bootstrapServers, applicationId, stateDir, processingGuarantee, numStandbyReplicas,
                numThreads, applicationServer, commitIntervalMs, topics, thresholds, security, merged);
    }

    /**
     * Bootstrap servers plus the security settings (secrets read now), for the app's own admin
     * clients and consumers outside Kafka Streams.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> p = new HashMap<>(security.toClientProperties());
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /** Kafka Streams properties. */
    public Properties toProperties() {
        Properties p = new Properties();
        // unprefixed client settings apply to every client Kafka Streams builds (consumers, producers, admin)
        p.putAll(security.toClientProperties());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, numStandbyReplicas);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, numThreads);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        // the last line of defence, behind the topology's own guards (which dead-letter a failing record with
        // its reason): anything that still escapes a processor or a deserializer goes to the DLQ in our
        // DeadLetter format (KIP-1034) and processing resumes, counted in Streams' dropped-records metric
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Deserialization.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Processing.class);
        p.put(DeadLetterHandlers.DLQ_TOPIC, topics.dlq());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // state-store changelogs carry the capture time of the record that wrote them; a broker refuses a
        // timestamp more than message.timestamp.after.max.ms (default 1 h) ahead of its clock, and a refused
        // changelog write aborts the task's transaction again and again (the partition never moves: found by
        // RecordFuzzIT). Live, Thresholds.maxClockAhead (5 min) keeps such records out; a capture file may be
        // stamped in the future by a wrong clock, so our internal topics accept any time
        p.put(StreamsConfig.topicPrefix(org.apache.kafka.common.config.TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG),
                Long.toString(Long.MAX_VALUE));
        // a new application reads the headers from the start: nothing a probe sent before is skipped
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // rows, changelog writes and endpoint batches leave in bursts at each commit: 256 KB batches (default
        // 16 KB) mean fewer produce requests; measured ~12% less stream-thread CPU (BENCHMARKS.md "Streams")
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        if (applicationServer != null && !applicationServer.isBlank()) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        p.putAll(overrides);
        return p;
    }

    /** One line per setting, printed at start. */
    public String describe() {
        return "streams config:\n"
                + "  bootstrap=" + bootstrapServers + "\n"
                + "  application.id=" + applicationId + "\n"
                + "  state.dir=" + stateDir + "\n"
                + "  processing.guarantee=" + processingGuarantee + "\n"
                + "  num.standby.replicas=" + numStandbyReplicas + "\n"
                + "  num.stream.threads=" + numThreads + "\n"
                + "  application.server=" + (applicationServer == null ? "-" : applicationServer) + "\n"
                + "  commit.interval.ms=" + commitIntervalMs + "\n"
                + "  topics=" + topics + "\n"
                + "  thresholds=" + thresholds + "\n"
                // the secrets' sources only (file:/..., env:NAME), never their values
                + "  kafka.security=" + security + "\n"
                + "  overrides=" + masked(overrides);
    }

    /** Password-like override values (JAAS line, store passwords) as {@code [hidden]}, for printing. */
    private static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> out = new java.util.TreeMap<>();
        properties.forEach((k, v) -> out.put(k, k.contains("password") || k.endsWith("jaas.config") ? "[hidden]" : v));
        return out;
    }
}
