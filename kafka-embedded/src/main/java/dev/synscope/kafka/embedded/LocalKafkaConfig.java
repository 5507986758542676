package dev.synscope.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to run the local broker.
 *
 * @param partitions   default partition count of topics created on it
 * @param brokerPort   client port on 127.0.0.1; 0 picks a free one
 * @param dataDir      where to keep the data; empty means a fresh temporary directory
 * @param keepData     keep the data directory on close (to restart from disk)
 * @param startTimeout how long to wait for the broker to answer after start-up
 * @param overrides    extra server properties, applied last
 */
public record LocalKafkaConfig(int partitions, int brokerPort, Optional<Path> dataDir, boolean keepData,
                               Duration startTimeout, Map<String, String> overrides) {

    public LocalKafkaConfig {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        if (brokerPort < 0 || brokerPort > 65535) {
            throw new IllegalArgumentException("brokerPort must be 0 (any free port) or 1-65535, was " + brokerPort);
        }
        overrides = Map.copyOf(overrides);
    }

    /** Four partitions, a free port, a temporary directory deleted on close, 60 s to start. */
    public static LocalKafkaConfig defaults() {
        return new LocalKafkaConfig(4, 0, Optional.empty(), false, Duration.ofSeconds(60), Map.of());
    }

    public LocalKafkaConfig withPartitions(int n) {
        return new LocalKafkaConfig(n, brokerPort, dataDir, keepData, startTimeout, overrides);
    }

    public LocalKafkaConfig withDataDir(Path dir, boolean keep) {
        return new LocalKafkaConfig(partitions, brokerPort, Optional.of(dir), keep, startTimeout, overrides);
    }

    public LocalKafkaConfig withBrokerPort(int port) {
        return new LocalKafkaConfig(partitions, port, dataDir, keepData, startTimeout, overrides);
    }

    public LocalKafkaConfig withOverrides(Map<String, String> more) {
        var merged = new java.util.HashMap<>(overrides);
        merged.putAll(more);
        return new LocalKafkaConfig(partitions, brokerPort, dataDir, keepData, startTimeout, merged);
    }
}
