package dev.synscope.streams.timeouts;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Finds the connections whose deadline has passed without scanning the whole connection store.
 *
 * <p>Two stores: {@code timers} (connection key bytes -> {@link TimerEntry}) and {@code index},
 * whose keys are the deadline (8 bytes, big-endian, so byte order = time order for the
 * non-negative times of capture clocks) followed by the connection key bytes; values are empty.
 * A sweep reads only the range of keys below "now".
 */
public final class DeadlineIndex {

    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<Bytes, byte[]> timers;
    private final KeyValueStore<Bytes, byte[]> index;

    public DeadlineIndex(KeyValueStore<Bytes, byte[]> timers, KeyValueStore<Bytes, byte[]> index) {
        this.timers = timers;
        this.index = index;
    }

    public TimerEntry get(Bytes connection) {
        return TimerEntry.fromBytes(timers.get(connection));
    }

    /** Stores the entry and moves the index row when the deadline changed ({@code old} may be null). */
    public void put(Bytes connection, TimerEntry old, TimerEntry updated) {
        timers.put(connection, updated.toBytes());
        if (old == null || old.deadlineMicros() != updated.deadlineMicros()) {
            if (old != null) {
                index.delete(indexKey(old.deadlineMicros(), connection));
            }
            index.put(indexKey(updated.deadlineMicros(), connection), EMPTY);
        }
    }

    public void remove(Bytes connection, TimerEntry old) {
        if (old != null) {
            index.delete(indexKey(old.deadlineMicros(), connection));
            timers.delete(connection);
        }
    }

    /** Up to {@code max} connections whose deadline is at or before {@code nowMicros}, earliest first. */
    public List<Bytes> due(long nowMicros, int max) {
        List<Bytes> out = new ArrayList<>();
        if (nowMicros < 0) {
            return out;
        }
        try (KeyValueIterator<Bytes, byte[]> it = index.range(prefix(0), prefix(nowMicros + 1))) {
            while (it.hasNext() && out.size() < max) {
                byte[] key = it.next().key.get();
                if (key.length > Long.BYTES) {
                    out.add(Bytes.wrap(java.util.Arrays.copyOfRange(key, Long.BYTES, key.length)));
                }
            }
        }
        return out;
    }

    /** Up to {@code max} connections of the index, earliest deadline first, whatever their deadline. */
    public List<Bytes> earliest(int max) {
        return due(Long.MAX_VALUE - 1, max);
    }

    static Bytes indexKey(long deadlineMicros, Bytes connection) {
        byte[] c = connection.get();
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + c.length).putLong(Math.max(0, deadlineMicros)).put(c)
                .array());
    }

    private static Bytes prefix(long micros) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(micros).array());
    }
}
