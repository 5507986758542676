package dev.synscope.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to run a {@link LocalKafkaCluster}.
 *
 * @param nodes         number of KRaft nodes, each broker and controller; all of them are voters
 * @param partitions    partition count of topics made with {@link LocalKafkaCluster#topic}
 * @param baseDir       where the nodes' data directories go ({@code node-1}, ...); empty means a
 *                      fresh temporary directory
 * @param keepData      keep the data on close (to start again from disk)
 * @param startTimeout  how long to wait for all brokers to register, and for a restarted one
 * @param jvmOptions    options of each node's JVM (heap, GC); small by default: CI has 2 cores
 * @param secureListener an extra TLS/SASL client listener on every node, if wanted
 * @param overrides     extra server properties of every node, applied last
 */
public record LocalKafkaClusterConfig(int nodes, int partitions, Optional<Path> baseDir, boolean keepData,
                                      Duration startTimeout, List<String> jvmOptions,
                                      Optional<SecureListener> secureListener, Map<String, String> overrides) {

    /** Heap and GC that start a node in a few seconds and hold a test's data; not for benchmarks. */
    public static final List<String> SMALL_JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    public LocalKafkaClusterConfig {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be >= 1, was " + nodes);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        jvmOptions = List.copyOf(jvmOptions);
        overrides = Map.copyOf(overrides);
    }

    /** Three nodes, six partitions, temporary data deleted on close, 90 s to start. */
    public static LocalKafkaClusterConfig defaults() {
        return new LocalKafkaClusterConfig(3, 6, Optional.empty(), false, Duration.ofSeconds(90), SMALL_JVM,
                Optional.empty(), Map.of());
    }

    /** Replication factor of topics and internal topics: 3, or fewer on a smaller cluster. */
    public short replicationFactor() {
        return (short) Math.min(3, nodes);
    }

    /** {@code min.insync.replicas}: 2 on three nodes or more, so one broker may fail with acks=all. */
    public int minInSyncReplicas() {
        return Math.max(1, replicationFactor() - 1);
    }

    public LocalKafkaClusterConfig withNodes(int n) {
        return new LocalKafkaClusterConfig(n, partitions, baseDir, keepData, startTimeout, jvmOptions, secureListener,
                overrides);
    }

    public LocalKafkaClusterConfig withPartitions(int n) {
        return new LocalKafkaClusterConfig(nodes, n, baseDir, keepData, startTimeout, jvmOptions, secureListener,
                overrides);
    }

    public LocalKafkaClusterConfig withBaseDir(Path dir, boolean keep) {
        return new LocalKafkaClusterConfig(nodes, partitions, Optional.of(dir), keep, startTimeout, jvmOptions,
                secureListener, overrides);
    }

    public LocalKafkaClusterConfig withSecureListener(SecureListener listener) {
        return new LocalKafkaClusterConfig(nodes, partitions, baseDir, keepData, startTimeout, jvmOptions,
                Optional.of(listener), overrides);
    }

    public LocalKafkaClusterConfig withJvmOptions(List<String> options) {
        return new LocalKafkaClusterConfig(nodes, partitions, baseDir, keepData, startTimeout, options, secureListener,
                overrides);
    }

    public LocalKafkaClusterConfig withOverrides(Map<String, String> more) {
        var merged = new java.util.HashMap<>(overrides);
        merged.putAll(more);
        return new LocalKafkaClusterConfig(nodes, partitions, baseDir, keepData, startTimeout, jvmOptions,
                secureListener, merged);
    }
}
