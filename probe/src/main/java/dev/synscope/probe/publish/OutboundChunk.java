package dev.synscope.probe.publish;

import java.util.Arrays;

/**
 * A batch of serialized records on its way from the capture thread to the sender thread. Handing
 * records over in chunks of hundreds costs one queue operation per chunk instead of per packet.
 * Chunks are recycled, so their arrays are allocated once.
 */
final class OutboundChunk {

    /**
     * What a slot holds. BARRIER is the marker that ends the unrouted start (see
     * {@link HeaderPublisher}): sender 0 waits for its producer to complete everything before it,
     * then lets the other senders start.
     */
    enum Kind { HEADER, STATS, HEARTBEAT, BARRIER }

    /** Heartbeat slot: send one to every partition of the topic (before routing starts). */
    static final int ALL_PARTITIONS = -2;
    /** Heartbeat slot: send one to each partition this sender owns. */
    static final int OWN_PARTITIONS = -3;

    final Kind[] kinds;
    final byte[][] keys;
    final byte[][] values;
    final long[] timestampsMicros;
    /** Target partition, {@link PartitionRouter#UNASSIGNED}, or a heartbeat fan-out marker. */
    final int[] partitions;
    /** Bytes each slot counted against the buffer bound. */
    final int[] sizes;
    /** Slots counted against the bound (control records ride in the reserve and are not). */
    final boolean[] bounded;
    int count;

    OutboundChunk(int capacity) {
        kinds = new Kind[capacity];
        keys = new byte[capacity][];
        values = new byte[capacity][];
        timestampsMicros = new long[capacity];
        partitions = new int[capacity];
        sizes = new int[capacity];
        bounded = new boolean[capacity];
    }

    boolean isFull() {
        return count == kinds.length;
    }

    void add(Kind kind, int partition, byte[] key, byte[] value, long tsMicros, int size,
             boolean countsAgainstBound) {
        kinds[count] = kind;
        partitions[count] = partition;
        keys[count] = key;
        values[count] = value;
        timestampsMicros[count] = tsMicros;
        sizes[count] = size;
        bounded[count] = countsAgainstBound;
        count++;
    }

    /** Forgets the records (lets their arrays be collected) so the chunk can be reused. */
    void clear() {
        Arrays.fill(keys, 0, count, null);
        Arrays.fill(values, 0, count, null);
        count = 0;
    }
}
