package dev.synscope.probe.publish;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * Which partition of the headers topic a record goes to, and which sender thread owns that
 * partition. One sender thread (with its own Kafka producer) cannot append more than ~0.7M
 * records/s, so the probe runs several, and routes on the capture thread:
 *
 * <ul>
 *   <li>partition = Kafka's default partitioner for a keyed record,
 *       {@code toPositive(murmur2(key)) % partitions} ({@link BuiltInPartitioner#partitionForKey}),
 *       so both directions of a connection (same canonical key bytes) still share a partition;</li>
 *   <li>sender = {@code partition % senders}: every record of a partition goes through one sender
 *       and one producer, in the order the capture thread read it, so per-partition order holds
 *       (a heartbeat never overtakes a header read before it on its partition).</li>
 * </ul>
 *
 * <p>The partition count comes from the first sender's metadata lookup, which may take a while (or
 * forever while Kafka is down); until then every record goes to sender 0 unrouted and
 * {@link #partitions()} is 0. The switch to routing is ordered by a barrier, see
 * {@link HeaderPublisher}. The count is fixed for the probe's life: adding partitions to the topic
 * needs a probe restart to be used (the default partitioner would move keys then anyway).
 *
 * <p>A user-configured {@code partitioner.class} disables routing: one sender, and the producer's
 * partitioner decides.
 */
final class PartitionRouter {

    /** Partition of a record the producer assigns itself (stats, unrouted headers). */
    static final int UNASSIGNED = -1;

    private final int senders;
    private final boolean enabled;
    /** 0 until learned. Written once by sender 0, read by the capture thread. */
    private volatile int partitions;

    PartitionRouter(int senders, boolean enabled) {
        if (senders < 1) {
            throw new IllegalArgumentException("at least one sender thread is needed, not " + senders);
        }
        this.enabled = enabled;
        this.senders = enabled ? senders : 1;
    }

    int senders() {
        return senders;
    }

    /** Whether records are routed by partition at all (false with a custom partitioner). */
    boolean enabled() {
        return enabled;
    }

    /** The headers topic's partition count, 0 while unknown (or when routing is disabled). */
    int partitions() {
        return partitions;
    }

    /** Sender 0 tells the capture thread the partition count (once). */
    void learn(int partitionCount) {
        if (enabled && partitionCount > 0 && partitions == 0) {
            partitions = partitionCount;
        }
    }

    /** Kafka's default partition for {@code key} among {@code partitionCount} partitions. */
    static int partitionOf(byte[] key, int partitionCount) {
        return BuiltInPartitioner.partitionForKey(key, partitionCount);
    }

    /** The sender that owns {@code partition}. */
    int senderOf(int partition) {
        return partition % senders;
    }

    /** Whether sender {@code sender} owns {@code partition}. */
    boolean owns(int sender, int partition) {
        return partition % senders == sender;
    }
}
