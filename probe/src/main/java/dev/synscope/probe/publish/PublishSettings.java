package dev.synscope.probe.publish;

import dev.synscope.schema.Topics;
import java.util.Map;

/**
 * Where and how a probe publishes.
 *
 * @param bootstrap         Kafka bootstrap servers
 * @param headersTopic      topic of header observations and heartbeats
 * @param statsTopic        topic of probe stats
 * @param producerOverrides Kafka producer properties that replace {@link ProducerSettings}' choices
 * @param maxBufferBytes    bound of the probe's send buffer in serialized bytes
 * @param maxBufferRecords  bound of the probe's send buffer in records
 * @param dropWhenFull      true for live capture (drop and count), false for files (back-pressure)
 * @param vlanInKey         put the outer VLAN id into the connection key
 * @param senderThreads     sender threads, each with its own Kafka producer, the headers topic's
 *                          partitions split among them ({@link PartitionRouter})
 */
public record PublishSettings(String bootstrap, String headersTopic, String statsTopic,
                              Map<String, String> producerOverrides, long maxBufferBytes, long maxBufferRecords,
                              boolean dropWhenFull, boolean vlanInKey, int senderThreads) {

    /** 64 MiB: ~10 s of a 100k packets/s host at ~90 serialized bytes per header. */
    public static final long DEFAULT_MAX_BUFFER_BYTES = 64L << 20;
    public static final long DEFAULT_MAX_BUFFER_RECORDS = 1_000_000L;
    /**
     * Files only need enough buffer to keep the sender busy: back-pressure does the rest. A deep
     * buffer of long-lived small arrays would only cost garbage-collection time.
     */
    public static final long DEFAULT_FILE_BUFFER_RECORDS = 65_536L;
    /**
     * Two: one sender thread's {@code KafkaProducer.send} tops out near 0.7M records/s on this
     * machine (BENCHMARKS.md "Probe"); two producers, each owning half the partitions, append in
     * parallel. More only pays with more cores.
     */
    public static final int DEFAULT_SENDER_THREADS = 2;

    public PublishSettings {
        producerOverrides = Map.copyOf(producerOverrides);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are required");
        }
        if (maxBufferBytes < 1024 || maxBufferRecords < 1) {
            throw new IllegalArgumentException("the send buffer must hold at least 1 KiB and 1 record");
        }
        if (senderThreads < 1 || senderThreads > 64) {
            throw new IllegalArgumentException("sender threads must be 1..64, not " + senderThreads);
        }
    }

    public static PublishSettings defaults(String bootstrap, boolean dropWhenFull) {
        return new PublishSettings(bootstrap, Topics.HEADERS, Topics.PROBE_STATS, Map.of(), DEFAULT_MAX_BUFFER_BYTES,
                DEFAULT_MAX_BUFFER_RECORDS, dropWhenFull, false, DEFAULT_SENDER_THREADS);
    }

    public PublishSettings withTopics(String headers, String stats) {
        return new PublishSettings(bootstrap, headers, stats, producerOverrides, maxBufferBytes, maxBufferRecords,
                dropWhenFull, vlanInKey, senderThreads);
    }

    public PublishSettings withBuffer(long bytes, long records) {
        return new PublishSettings(bootstrap, headersTopic, statsTopic, producerOverrides, bytes, records,
                dropWhenFull, vlanInKey, senderThreads);
    }

    public PublishSettings withProducerOverrides(Map<String, String> overrides) {
        return new PublishSettings(bootstrap, headersTopic, statsTopic, overrides, maxBufferBytes, maxBufferRecords,
                dropWhenFull, vlanInKey, senderThreads);
    }

    public PublishSettings withVlanInKey(boolean on) {
        return new PublishSettings(bootstrap, headersTopic, statsTopic, producerOverrides, maxBufferBytes,
                maxBufferRecords, dropWhenFull, on, senderThreads);
    }

    public PublishSettings withSenderThreads(int threads) {
        return new PublishSettings(bootstrap, headersTopic, statsTopic, producerOverrides, maxBufferBytes,
                maxBufferRecords, dropWhenFull, vlanInKey, threads);
    }
}
