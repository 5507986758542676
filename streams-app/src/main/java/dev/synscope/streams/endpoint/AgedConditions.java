package dev.synscope.streams.endpoint;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.TcpState;

/**
 * The two conditions of a connection that the endpoint aggregates count only once they have lasted: a
 * handshake that stays incomplete (SYN_FLOOD) and a responder that sits in CLOSE_WAIT (CLOSE_WAIT_LEAK).
 * A healthy busy service has many of both in flight at any instant, each for milliseconds; what marks a
 * flood or a leak is that they stay.
 *
 * <p>The timeout sweep ({@code timeouts.ConnectionTimeouts}) marks the connection when its condition is
 * old enough ({@code Thresholds.synFloodMinAge}, {@code closeWaitLeakMinAge}); the mark is a bit of
 * {@link ConnectionState#getTrackerFlags()} (bits 8 and 9; the tracker's own bits are the low ones, see
 * {@code state.TrackerFlags}), so it is in the store and survives a restart. A connection counts in its
 * responder's host:port aggregate while it is marked and still in the condition: {@link ConnectionSnapshot}
 * copies that, and {@link EndpointDeltas#between} turns a change of it into an AGED_* or *_GONE delta, on
 * every path a connection changes or leaves the table (packet, timeout, expiry, eviction, end of capture),
 * so the gauge comes back down by itself.
 */
public final class AgedConditions {

    /** The handshake was still incomplete {@code synFloodMinAge} after the first SYN. */
    static final int AGED_HANDSHAKE = 1 << 8;
    /** The responder was in CLOSE_WAIT, idle, for {@code closeWaitLeakMinAge}. */
    static final int AGED_CLOSE_WAIT = 1 << 9;
    /**
     * Both marks: set by the sweep in the stored state without re-publishing the row, so a published row
     * carries them only from its next publication on (like lastSeenMicros, as stale as the row).
     */
    public static final int MARKS = AGED_HANDSHAKE | AGED_CLOSE_WAIT;

    private AgedConditions() {
    }

    /**
     * The responder has not completed the handshake: LISTEN (SYN unanswered) or SYN_RECEIVED (SYN+ACK unacked),
     * or a side of it was inferred to have given up (GiveUpInference: CLOSED, but the handshake never
     * completed; a spoofed flood's SYNs are never retransmitted, so their sides give up before they age).
     */
    public static boolean incompleteHandshake(ConnectionState s) {
        return s.getRespState() == TcpState.LISTEN || s.getRespState() == TcpState.SYN_RECEIVED
                || dev.synscope.streams.state.GiveUpInference.anyGaveUp(s);
    }

    /** Counted as an aged incomplete handshake now. */
    public static boolean agedHandshake(ConnectionState s) {
        return (s.getTrackerFlags() & AGED_HANDSHAKE) != 0 && incompleteHandshake(s);
    }

    /** Counted as an aged CLOSE_WAIT now. */
    public static boolean agedCloseWait(ConnectionState s) {
        return (s.getTrackerFlags() & AGED_CLOSE_WAIT) != 0 && s.getRespState() == TcpState.CLOSE_WAIT;
    }

    /** When the handshake becomes aged, or Long.MAX_VALUE (complete, or already marked). */
    public static long handshakeAgesAt(ConnectionState s, long minAgeMicros) {
        if (!incompleteHandshake(s) || (s.getTrackerFlags() & AGED_HANDSHAKE) != 0) {
            return Long.MAX_VALUE;
        }
        return s.getFirstSeenMicros() + minAgeMicros;
    }

    /**
     * When the responder's CLOSE_WAIT becomes aged, or Long.MAX_VALUE: {@code minAgeMicros} after it entered
     * CLOSE_WAIT or after the connection's last packet, whichever is later (a server still sending its answer
     * after the client's half-close is not leaking).
     */
    public static long closeWaitAgesAt(ConnectionState s, long minAgeMicros) {
        if (s.getRespState() != TcpState.CLOSE_WAIT || (s.getTrackerFlags() & AGED_CLOSE_WAIT) != 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(s.getRespStateSinceMicros(), s.getLastSeenMicros()) + minAgeMicros;
    }

    public static void markHandshake(ConnectionState s) {
        s.setTrackerFlags(s.getTrackerFlags() | AGED_HANDSHAKE);
    }

    public static void markCloseWait(ConnectionState s) {
        s.setTrackerFlags(s.getTrackerFlags() | AGED_CLOSE_WAIT);
    }
}
