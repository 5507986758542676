package dev.synscope.streams.timeouts;

import java.nio.ByteBuffer;

/**
 * The timeout bookkeeping of one connection, kept beside its state row in the timers store.
 *
 * @param deadlineMicros      event time at which the sweep must look at the connection again; it is never
 *                            later than the earliest true deadline (it may be earlier: the sweep then just
 *                            reschedules), so the index only moves when a deadline becomes earlier
 * @param interimsEmitted     interim conn-log records already written for this instance
 * @param origZeroWindowSince event time the originator started advertising a zero window, -1 when it is not
 * @param respZeroWindowSince the same for the responder
 * @param uid                 instance the entry belongs to (a reused tuple starts a fresh entry)
 */
public record TimerEntry(long deadlineMicros, int interimsEmitted, long origZeroWindowSince,
                         long respZeroWindowSince, String uid) {

    public static TimerEntry fresh(String uid, long deadlineMicros) {
        return new TimerEntry(deadlineMicros, 0, -1, -1, uid);
    }

    public TimerEntry withDeadline(long deadline) {
        return new TimerEntry(deadline, interimsEmitted, origZeroWindowSince, respZeroWindowSince, uid);
    }

    public TimerEntry withInterimsEmitted(int n) {
        return new TimerEntry(deadlineMicros, n, origZeroWindowSince, respZeroWindowSince, uid);
    }

    public TimerEntry withZeroWindowSince(boolean originator, long since) {
        return originator
                ? new TimerEntry(deadlineMicros, interimsEmitted, since, respZeroWindowSince, uid)
                : new TimerEntry(deadlineMicros, interimsEmitted, origZeroWindowSince, since, uid);
    }

    /** Fixed layout: deadline, interims, two zero-window times (8+4+8+8 bytes), then the uid in UTF-8. */
    public byte[] toBytes() {
        byte[] id = uid.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ByteBuffer.allocate(28 + id.length).putLong(deadlineMicros).putInt(interimsEmitted)
                .putLong(origZeroWindowSince).putLong(respZeroWindowSince).put(id).array();
    }

    public static TimerEntry fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < 28) {
            throw new IllegalArgumentException("a timer entry has at least 28 bytes, not " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long deadline = b.getLong();
        int interims = b.getInt();
        long orig = b.getLong();
        long resp = b.getLong();
        String uid = new String(bytes, 28, bytes.length - 28, java.nio.charset.StandardCharsets.UTF_8);
        return new TimerEntry(deadline, interims, orig, resp, uid);
    }
}
