package dev.synscope.probe.publish;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The probe's Kafka producer configuration. Every choice is documented here because each one
 * trades latency, throughput, bytes on the wire or safety; {@code --producer-property k=v}
 * overrides any of them.
 */
public final class ProducerSettings {

    /**
     * lz4, measured against zstd on the same 3M-packet capture (BENCHMARKS.md "Probe"): zstd sends
     * ~29.5 instead of 51.5 bytes per packet, but with one sender thread the end-to-end rate fell
     * from 665k to 370k packets/s (the producer compresses in the thread that appends the record);
     * with two sender threads the two were level in one run and zstd slower in the alternating
     * runs, and zstd costs more CPU. A probe runs on busy servers: CPU is what it must save first.
     */
    public static final String DEFAULT_COMPRESSION = "lz4";
    /**
     * 20 ms: at high rates a batch fills before that; at low rates it adds at most 20 ms latency,
     * nothing next to the streams side's commit interval, and it keeps requests few and large.
     */
    public static final int LINGER_MS = 20;
    /**
     * 512 KiB per partition batch: a header record is ~80 bytes before compression, so a batch holds
     * several thousand, which is what makes compression and the broker's per-batch work pay off.
     */
    public static final int BATCH_BYTES = 512 * 1024;
    /**
     * The producers' own bounded buffer, split evenly among the sender threads' producers (the
     * probe's {@code SendBuffer} is the first bound).
     */
    public static final long BUFFER_MEMORY = 64L << 20;
    /**
     * How long {@code send()} may block for metadata or buffer space; the sender thread retries after
     * it, so this only bounds how long a shutdown can wait on a dead broker.
     */
    public static final int MAX_BLOCK_MS = 5_000;

    private ProducerSettings() {
    }

    /** Producer properties for {@code bootstrap}, with {@code overrides} applied last. */
    public static Properties producerProperties(String bootstrap, String clientId, Map<String, String> overrides) {
        return producerProperties(bootstrap, clientId, overrides, 1);
    }

    /**
     * Properties for one of {@code producers} producers of one probe: each gets its share of
     * {@link #BUFFER_MEMORY} (at least 4 batches), so the probe's bound does not grow with them.
     */
    public static Properties producerProperties(String bootstrap, String clientId, Map<String, String> overrides,
                                                int producers) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // no duplicates on retry and per-partition order kept: heartbeats must not overtake headers
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, DEFAULT_COMPRESSION);
        p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(4L * BATCH_BYTES, BUFFER_MEMORY / Math.max(1, producers)));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        // a request may carry several full batches for different partitions
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        p.putAll(overrides);
        Properties properties = new Properties();
        properties.putAll(p);
        return properties;
    }
}
