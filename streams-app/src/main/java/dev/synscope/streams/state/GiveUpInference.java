package dev.synscope.streams.state;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.VantageStats;

/**
 * When an endpoint has given up its handshake although no packet says so (issue 13): the kernel
 * drops a socket whose SYN (or SYN+ACK) retransmissions ran out, or whose application gave up on
 * {@code connect()}, without sending anything. SynScope infers it from the retransmissions that
 * stop coming, and from ICMP errors the kernel aborts a handshake on.
 *
 * <p><b>Retransmissions.</b> Linux retransmits a SYN on a timer: RTO 1 s (TCP_TIMEOUT_INIT; 3 s on
 * old stacks), then doubling (tcp_syn_retries = 6: 1, 2, 4, 8, 16, 32 s, give-up 64 s after the
 * last), or the first tcp_syn_linear_timeouts (4 on Linux 6.5+) at the initial RTO before doubling.
 * Either way the next gap is at most twice the last one. So, per connection, from the gaps it has
 * seen (its own "learned" RTO: the first gap is the host's initial RTO):
 * <ul>
 *   <li>originator in SYN_SENT: its next SYN is due within {@code 2 d} of its last (d = the last
 *       gap), or within the initial RTO when it has sent only one; if none comes by
 *       {@code last + due x margin}, it gave up;</li>
 *   <li>responder in SYN_RECEIVED: a SYN+ACK is retransmitted on the request's timer (1, 2, 4, 8,
 *       16 s; tcp_synack_retries = 5) but also at once for each retransmitted SYN, so its last gap
 *       says little; the timer's next gap is at most the time since its first SYN+ACK plus one RTO
 *       (equal under doubling), {@code elapsed + max(initial RTO, d)}, times the margin.</li>
 * </ul>
 * <p><b>ICMP.</b> The kernel aborts a SYN_SENT socket on an ICMP destination unreachable (not
 * "fragmentation needed" / "packet too big"), time exceeded or parameter problem quoting its SYN,
 * and drops a SYN_RECEIVED request on a net or host unreachable, time exceeded or parameter problem
 * (IPv6: administratively prohibited, port unreachable, policy, reject route, parameter problem)
 * quoting its SYN+ACK (tcp_v4_err, tcp_v6_err, tcp_req_err): the side is CLOSED at once.
 *
 * <p>A side that gave up is put in CLOSED (combined and per vantage) and marked, so the timeouts
 * finalize the attempt (ConnectionTimeouts) and a late retransmission takes it back
 * ({@link #transmitted}). Pure apart from the state it is handed.
 */
public final class GiveUpInference {

    private GiveUpInference() {
    }

    /**
     * A TCP packet from one side, before the state machines see it: a side inferred to have given up
     * that sends anything but a RST had not, nor had its peer when the packet acknowledges something;
     * each is taken back to SYN_SENT / SYN_RECEIVED (so the packet is applied as usual). A SYN or
     * SYN+ACK is remembered ({@link #transmitted}).
     */
    static void heardFrom(ConnectionState c, boolean fromOrig, int flags, long ts) {
        if (TcpFlags.rst(flags)) {
            return;
        }
        takeBack(c, fromOrig, ts);
        if (TcpFlags.ack(flags)) {
            takeBack(c, !fromOrig, ts); // it answers what the peer sent: the peer was still there too
        }
        if (TcpFlags.syn(flags) && !TcpFlags.rst(flags)) {
            transmitted(c, fromOrig, TcpFlags.ack(flags), ts);
        }
    }

    private static void takeBack(ConnectionState c, boolean originator, long ts) {
        if (gaveUp(c, originator)) {
            c.setTrackerFlags(c.getTrackerFlags() & ~flag(originator));
            setState(c, originator, TcpState.CLOSED, originator ? TcpState.SYN_SENT : TcpState.SYN_RECEIVED, ts);
        }
    }

    /**
     * A SYN (from the originator) or SYN+ACK (from the responder) at {@code ts}: remembers the time and
     * the gap since the previous one. A side marked as having given up is taken back to SYN_SENT /
     * SYN_RECEIVED: it had not.
     */
    static void transmitted(ConnectionState c, boolean fromOrig, boolean ack, long ts) {
        if (fromOrig == ack) {
            return; // a SYN+ACK from the originator or a SYN from the responder: simultaneous open, not judged
        }
        long last = fromOrig ? c.getOrigSynLastMicros() : c.getRespSynAckLastMicros();
        if (last > 0 && ts <= last) {
            return; // out of order, or the same transmission seen again
        }
        if (fromOrig) {
            if (last > 0) {
                c.setOrigSynGapMicros(ts - last);
            }
            c.setOrigSynLastMicros(ts);
        } else {
            if (last > 0) {
                c.setRespSynAckGapMicros(ts - last);
            }
            c.setRespSynAckLastMicros(ts);
        }
        if (gaveUp(c, fromOrig)) {
            c.setTrackerFlags(c.getTrackerFlags() & ~flag(fromOrig));
            TcpState back = fromOrig ? TcpState.SYN_SENT : TcpState.SYN_RECEIVED;
            setState(c, fromOrig, TcpState.CLOSED, back, ts);
        }
    }

    /**
     * An ICMP error quoting a segment {@code fromOrig} with sequence number {@code seq}: closes the
     * side at once when the kernel would abort its handshake on it (see the class comment).
     *
     * @return true when it closed a side
     */
    static boolean icmpError(ConnectionState c, boolean fromOrig, int type, int code, long seq, long ts) {
        boolean v6 = c.getIpVersion() == 6;
        if (fromOrig) {
            if (c.getOrigState() != TcpState.SYN_SENT || c.getOrigIsn() == null || c.getOrigIsn() != seq) {
                return false;
            }
            boolean aborts = v6 ? type == 1 || type == 3 || type == 4
                    : (type == 3 && code != 4 && code <= 15) || type == 11 || type == 12;
            if (!aborts) {
                return false;
            }
        } else {
            if (c.getRespState() != TcpState.SYN_RECEIVED || c.getRespIsn() == null || c.getRespIsn() != seq) {
                return false;
            }
            boolean drops = v6 ? (type == 1 && (code == 1 || code >= 4 && code <= 6)) || type == 4
                    : (type == 3 && (code == 0 || code == 1)) || type == 11 || type == 12;
            if (!drops) {
                return false;
            }
        }
        giveUp(c, fromOrig, ts);
        return true;
    }

    /**
     * Event time by which the side has given up its handshake if no further SYN (SYN+ACK) comes;
     * Long.MAX_VALUE when the side is not retransmitting a handshake, has already given up, or the
     * inference is off ({@code margin <= 0}).
     */
    public static long giveUpAt(ConnectionState c, boolean originator, long initialRtoMicros, double margin) {
        if (margin <= 0 || gaveUp(c, originator)) {
            return Long.MAX_VALUE;
        }
        if (originator) {
            long last = c.getOrigSynLastMicros();
            if (c.getOrigState() != TcpState.SYN_SENT || last <= 0) {
                return Long.MAX_VALUE;
            }
            long gap = c.getOrigSynGapMicros();
            long due = gap > 0 ? 2 * gap : initialRtoMicros;
            return last + (long) (due * margin);
        }
        long last = c.getRespSynAckLastMicros();
        if (c.getRespState() != TcpState.SYN_RECEIVED || last <= 0) {
            return Long.MAX_VALUE;
        }
        long first = c.getSynAckMicros() > 0 && c.getSynAckMicros() <= last ? c.getSynAckMicros() : last;
        long due = (last - first) + Math.max(initialRtoMicros, c.getRespSynAckGapMicros());
        return last + (long) (due * margin);
    }

    /** True when the side was put in CLOSED by this inference (and has not sent since). */
    public static boolean gaveUp(ConnectionState c, boolean originator) {
        return (c.getTrackerFlags() & flag(originator)) != 0;
    }

    /** True when either side gave up. */
    public static boolean anyGaveUp(ConnectionState c) {
        return (c.getTrackerFlags() & (TrackerFlags.GAVE_UP_ORIG | TrackerFlags.GAVE_UP_RESP)) != 0;
    }

    /** Puts the side in CLOSED at {@code at} (combined view and every vantage's), marked as given up. */
    public static void giveUp(ConnectionState c, boolean originator, long at) {
        TcpState from = originator ? TcpState.SYN_SENT : TcpState.SYN_RECEIVED;
        c.setTrackerFlags(c.getTrackerFlags() | flag(originator));
        if (c.getGaveUpMicros() == 0 || at > c.getGaveUpMicros()) {
            c.setGaveUpMicros(at);
        }
        setState(c, originator, from, TcpState.CLOSED, at);
    }

    private static void setState(ConnectionState c, boolean originator, TcpState from, TcpState to, long at) {
        if ((originator ? c.getOrigState() : c.getRespState()) == from) {
            if (originator) {
                c.setOrigState(to);
                c.setOrigStateSinceMicros(at);
            } else {
                c.setRespState(to);
                c.setRespStateSinceMicros(at);
            }
        }
        for (VantageStats v : c.getVantages()) {
            if ((originator ? v.getOrigState() : v.getRespState()) == from) {
                if (originator) {
                    v.setOrigState(to);
                } else {
                    v.setRespState(to);
                }
            }
        }
    }

    private static int flag(boolean originator) {
        return originator ? TrackerFlags.GAVE_UP_ORIG : TrackerFlags.GAVE_UP_RESP;
    }
}
