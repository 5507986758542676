package dev.synscope.streams.timeouts;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.TcpState;
import dev.synscope.streams.anomaly.RaisedAnomalies;
import dev.synscope.streams.anomaly.TimedConditionAnomalies;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.endpoint.AgedConditions;
import dev.synscope.streams.state.ConnectionTracker;
import dev.synscope.streams.state.GiveUpInference;
import dev.synscope.schema.AnomalyType;
import java.util.ArrayList;
import java.util.List;

/**
 * The timeout rules of one connection, as pure functions of its state, its timer entry and an
 * event time. Which conditions exist (Thresholds documents the defaults):
 * <ul>
 *   <li>CONNECT_TIMEOUT: originator in SYN_SENT, responder never answered, synTimeout after the first SYN;</li>
 *   <li>HALF_OPEN: responder in SYN_RECEIVED halfOpenTimeout after it got there;</li>
 *   <li>CLOSE_WAIT_STUCK: an endpoint in CLOSE_WAIT closeWaitStuck after it got there;</li>
 *   <li>ZERO_WINDOW_STALL: a zero window advertised for zeroWindowStall (start times are in the entry);</li>
 *   <li>aged conditions, no anomaly of their own but counted by the endpoint rules ({@code endpoint.AgedConditions}):
 *       a handshake still incomplete synFloodMinAge after its first SYN (SYN_FLOOD), a responder in CLOSE_WAIT
 *       and idle for closeWaitLeakMinAge (CLOSE_WAIT_LEAK);</li>
 *   <li>interim conn-log record every interimInterval after the first packet;</li>
 *   <li>give-up (issue 13, {@link GiveUpInference}): an endpoint retransmitting its SYN (SYN+ACK) whose next
 *       retransmission is overdue by the margin gave up: its side becomes CLOSED;</li>
 *   <li>expiry (finalize): timeWait after an endpoint entered TIME_WAIT (end reason FIN), closeLinger after the last
 *       packet when both endpoints are CLOSED, synTimeout after the SYN of a half-duplex attempt (the
 *       originator sent more than SYNs and the responder was never heard: Zeek's AttemptTimer), when the
 *       handshake's sides have given up or never answered (end reason TIMEOUT, but not before a CONNECT_TIMEOUT
 *       or HALF_OPEN still due is raised, at the time it is raised today), or inactivity after the last packet
 *       (end reason TIMEOUT).</li>
 * </ul>
 * A condition is only evaluated if it became true before the expiry time: a connection expired by
 * inactivity does not also get a late CLOSE_WAIT_STUCK stamped after its end.
 */
public final class ConnectionTimeouts {

    private final Thresholds t;
    private final ConnectionTracker tracker;

    public ConnectionTimeouts(Thresholds thresholds, ConnectionTracker tracker) {
        this.t = thresholds;
        this.tracker = tracker;
    }

    /**
     * What the sweep did to one connection. {@code state} is null when it expired. {@code agedAtMicros}: when
     * the latest aged condition marked now became true (the endpoint delta's time), or -1 when none did.
     */
    public record Outcome(ConnectionState state, TimerEntry entry, List<AnomalyEvent> anomalies,
                          List<ConnLogRecord> connLogs, EndReason expiredReason, long expiredAtMicros,
                          long agedAtMicros) {
        public boolean expired() {
            return expiredReason != null;
        }
    }

    /** Event time at which the connection ends if nothing else arrives. */
    public long expiryAt(ConnectionState s) {
        long at = s.getLastSeenMicros() + t.inactivityMicros();
        if (s.getOrigState() == TcpState.TIME_WAIT) {
            at = Math.min(at, s.getOrigStateSinceMicros() + t.timeWaitMicros());
        }
        if (s.getRespState() == TcpState.TIME_WAIT) {
            at = Math.min(at, s.getRespStateSinceMicros() + t.timeWaitMicros());
        }
        if (ConnectionTracker.halfDuplexAttempt(s)) {
            // Zeek's AttemptTimer (tcp_attempt_delay, our synTimeout): what follows is a new record, as in Zeek
            at = Math.min(at, s.getSynMicros() + t.synTimeoutMicros());
        }
        long givenUp = giveUpEnd(s);
        if (givenUp != Long.MAX_VALUE) {
            return Math.min(at, givenUp);
        }
        if (s.getOrigState() == TcpState.CLOSED && s.getRespState() == TcpState.CLOSED) {
            // Zeek's tcp_close_delay / tcp_reset_delay: what trails the close still belongs to it
            at = Math.min(at, s.getLastSeenMicros() + t.closeLingerMicros());
        }
        return at;
    }

    /**
     * When a handshake ends by giving up: both sides gave up (or will, at the time {@link GiveUpInference}
     * gives), or one did and the other never answered (LISTEN, UNKNOWN) or is CLOSED; held until a
     * CONNECT_TIMEOUT or HALF_OPEN still due is raised. Long.MAX_VALUE when no give-up is involved.
     */
    private long giveUpEnd(ConnectionState s) {
        long orig = giveUpAt(s, true);
        long resp = giveUpAt(s, false);
        boolean involved = GiveUpInference.anyGaveUp(s) || orig != Long.MAX_VALUE || resp != Long.MAX_VALUE;
        if (!involved) {
            return Long.MAX_VALUE;
        }
        long origEnd = sideEnd(s, true, orig);
        long respEnd = sideEnd(s, false, resp);
        if (origEnd == Long.MAX_VALUE || respEnd == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long end = Math.max(origEnd, respEnd);
        long connect = connectTimeoutAt(s);
        if (connect != Long.MAX_VALUE) {
            end = Math.max(end, connect);
        }
        long halfOpen = halfOpenAt(s);
        if (halfOpen != Long.MAX_VALUE) {
            end = Math.max(end, halfOpen);
        }
        return end;
    }

    /** When one side is done with the handshake: gave up (or will, at giveUpAt), or needs nothing; MAX when live. */
    private static long sideEnd(ConnectionState s, boolean originator, long giveUpAt) {
        if (GiveUpInference.gaveUp(s, originator)) {
            return originator ? s.getOrigStateSinceMicros() : s.getRespStateSinceMicros();
        }
        if (giveUpAt != Long.MAX_VALUE) {
            return giveUpAt;
        }
        TcpState state = originator ? s.getOrigState() : s.getRespState();
        boolean done = state == TcpState.CLOSED
                || (!originator && (state == TcpState.LISTEN || state == TcpState.UNKNOWN));
        return done ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    private long giveUpAt(ConnectionState s, boolean originator) {
        return GiveUpInference.giveUpAt(s, originator, t.initialRtoMicros(), t.giveUpMargin());
    }

    /** End reason of an expiry at the time {@link #expiryAt} gives. */
    public EndReason expiryReason(ConnectionState s) {
        if (giveUpEnd(s) != Long.MAX_VALUE) {
            return EndReason.TIMEOUT; // the handshake was given up: S0 and the like, as Zeek ends them
        }
        boolean timeWait = s.getOrigState() == TcpState.TIME_WAIT || s.getRespState() == TcpState.TIME_WAIT;
        boolean closed = s.getOrigState() == TcpState.CLOSED && s.getRespState() == TcpState.CLOSED;
        if (timeWait && expiryAt(s) < s.getLastSeenMicros() + t.inactivityMicros()) {
            return EndReason.FIN;
        }
        if (closed) {
            String h = s.getHistory();
            return h.indexOf('R') >= 0 || h.indexOf('r') >= 0 ? EndReason.RST : EndReason.FIN;
        }
        return EndReason.TIMEOUT;
    }

    /** The earliest time any rule needs the connection looked at again. */
    public long nextDeadline(ConnectionState s, TimerEntry e) {
        long next = expiryAt(s);
        for (long at : conditionTimes(s, e)) {
            next = Math.min(next, at);
        }
        long interim = nextInterimAt(s, e);
        return Math.min(next, interim);
    }

    /**
     * True when a rule that depends on the state alone is due at {@code nowMicros}: the processor
     * checks this before applying a packet, so a timeout that passed before the packet's time is
     * handled first, whatever the punctuation schedule was (the same result after a restart).
     */
    public boolean overdue(ConnectionState s, long nowMicros) {
        if (expiryAt(s) <= nowMicros) {
            return true;
        }
        for (long at : conditionTimes(s, null)) {
            if (at <= nowMicros) {
                return true;
            }
        }
        return false;
    }

    /** Runs every rule due at {@code nowMicros}, in time order. {@code s} is updated in place. */
    public Outcome evaluate(ConnectionState s, TimerEntry e, long nowMicros) {
        long expiry = expiryAt(s);
        long horizon = Math.min(nowMicros, expiry);
        List<AnomalyEvent> anomalies = new ArrayList<>(1);
        if (connectTimeoutAt(s) <= horizon) {
            add(anomalies, TimedConditionAnomalies.connectTimeout(s, synSentSince(s), connectTimeoutAt(s)));
        }
        if (halfOpenAt(s) <= horizon) {
            add(anomalies, TimedConditionAnomalies.halfOpen(s, synReceivedSince(s), halfOpenAt(s)));
        }
        long origGiveUp = giveUpAt(s, true);
        long respGiveUp = giveUpAt(s, false);
        if (origGiveUp <= horizon) {
            GiveUpInference.giveUp(s, true, origGiveUp);
        }
        if (respGiveUp <= horizon) {
            GiveUpInference.giveUp(s, false, respGiveUp);
        }
        long origCw = closeWaitAt(s, true);
        long respCw = closeWaitAt(s, false);
        if (Math.min(origCw, respCw) <= horizon) {
            boolean orig = origCw <= respCw;
            long since = orig ? s.getOrigStateSinceMicros() : s.getRespStateSinceMicros();
            add(anomalies, TimedConditionAnomalies.closeWaitStuck(s, orig, since, Math.min(origCw, respCw)));
        }
        if (e != null && !RaisedAnomalies.already(s, AnomalyType.ZERO_WINDOW_STALL)) {
            long origZw = e.origZeroWindowSince() >= 0 ? e.origZeroWindowSince() + t.zeroWindowStallMicros()
                    : Long.MAX_VALUE;
            long respZw = e.respZeroWindowSince() >= 0 ? e.respZeroWindowSince() + t.zeroWindowStallMicros()
                    : Long.MAX_VALUE;
            if (Math.min(origZw, respZw) <= horizon) {
                boolean orig = origZw <= respZw;
                add(anomalies, TimedConditionAnomalies.zeroWindowStall(s, orig,
                        orig ? e.origZeroWindowSince() : e.respZeroWindowSince(), Math.min(origZw, respZw)));
            }
        }
        anomalies.sort(java.util.Comparator.comparingLong(AnomalyEvent::getTsMicros));
        long agedAt = -1;
        long handshakeAged = AgedConditions.handshakeAgesAt(s, t.synFloodMinAgeMicros());
        if (handshakeAged <= horizon) {
            AgedConditions.markHandshake(s);
            agedAt = handshakeAged;
        }
        long closeWaitAged = AgedConditions.closeWaitAgesAt(s, t.closeWaitLeakMinAgeMicros());
        if (closeWaitAged <= horizon) {
            AgedConditions.markCloseWait(s);
            agedAt = Math.max(agedAt, closeWaitAged);
        }
        List<ConnLogRecord> logs = new ArrayList<>(1);
        TimerEntry entry = e;
        if (entry != null && t.interimIntervalMicros() > 0) {
            long due = (horizon - s.getFirstSeenMicros()) / t.interimIntervalMicros();
            if (horizon < expiry && due > entry.interimsEmitted()) {
                // one record for the latest interval reached: a connection idle for many intervals is not repeated
                logs.add(tracker.toConnLog(s, EndReason.INTERIM, true));
                entry = entry.withInterimsEmitted((int) Math.min(Integer.MAX_VALUE, due));
            }
        }
        if (expiry <= nowMicros) {
            EndReason reason = expiryReason(s);
            return new Outcome(null, entry, anomalies, logs, reason, expiry, agedAt);
        }
        return new Outcome(s, entry, anomalies, logs, null, 0, agedAt);
    }

    private long nextInterimAt(ConnectionState s, TimerEntry e) {
        if (e == null || t.interimIntervalMicros() <= 0) {
            return Long.MAX_VALUE;
        }
        return s.getFirstSeenMicros() + (e.interimsEmitted() + 1L) * t.interimIntervalMicros();
    }

    private long[] conditionTimes(ConnectionState s, TimerEntry e) {
        long zw = Long.MAX_VALUE;
        if (e != null && !RaisedAnomalies.already(s, AnomalyType.ZERO_WINDOW_STALL)) {
            if (e.origZeroWindowSince() >= 0) {
                zw = e.origZeroWindowSince() + t.zeroWindowStallMicros();
            }
            if (e.respZeroWindowSince() >= 0) {
                zw = Math.min(zw, e.respZeroWindowSince() + t.zeroWindowStallMicros());
            }
        }
        return new long[] {connectTimeoutAt(s), halfOpenAt(s), closeWaitAt(s, true), closeWaitAt(s, false), zw,
                AgedConditions.handshakeAgesAt(s, t.synFloodMinAgeMicros()),
                AgedConditions.closeWaitAgesAt(s, t.closeWaitLeakMinAgeMicros()), giveUpAt(s, true),
                giveUpAt(s, false)};
    }

    private long connectTimeoutAt(ConnectionState s) {
        // an originator that gave up (GiveUpInference) still timed out: raised when it would have been
        boolean unanswered = (s.getOrigState() == TcpState.SYN_SENT || GiveUpInference.gaveUp(s, true))
                && (s.getRespState() == TcpState.LISTEN || s.getRespState() == TcpState.UNKNOWN);
        if (!unanswered || RaisedAnomalies.already(s, AnomalyType.CONNECT_TIMEOUT)) {
            return Long.MAX_VALUE;
        }
        return synSentSince(s) + t.synTimeoutMicros();
    }

    private long halfOpenAt(ConnectionState s) {
        boolean halfOpen = s.getRespState() == TcpState.SYN_RECEIVED || GiveUpInference.gaveUp(s, false);
        if (!halfOpen || RaisedAnomalies.already(s, AnomalyType.HALF_OPEN)) {
            return Long.MAX_VALUE;
        }
        return synReceivedSince(s) + t.halfOpenTimeoutMicros();
    }

    /** When the originator entered SYN_SENT, also after it gave up (its first SYN). */
    private static long synSentSince(ConnectionState s) {
        if (s.getOrigState() == TcpState.SYN_SENT || s.getSynMicros() <= 0) {
            return s.getOrigStateSinceMicros();
        }
        return s.getSynMicros();
    }

    /** When the responder entered SYN_RECEIVED, also after it gave up (its first good SYN+ACK). */
    private static long synReceivedSince(ConnectionState s) {
        if (s.getRespState() == TcpState.SYN_RECEIVED || s.getSynAckMicros() <= 0) {
            return s.getRespStateSinceMicros();
        }
        return s.getSynAckMicros();
    }

    private long closeWaitAt(ConnectionState s, boolean originator) {
        TcpState state = originator ? s.getOrigState() : s.getRespState();
        if (state != TcpState.CLOSE_WAIT || RaisedAnomalies.already(s, AnomalyType.CLOSE_WAIT_STUCK)) {
            return Long.MAX_VALUE;
        }
        return (originator ? s.getOrigStateSinceMicros() : s.getRespStateSinceMicros()) + t.closeWaitStuckMicros();
    }

    private static void add(List<AnomalyEvent> out, AnomalyEvent e) {
        if (e != null) {
            out.add(e);
        }
    }
}
