package dev.synscope.streams.endpoint;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.TcpState;

/**
 * The few fields of a connection state that endpoint aggregates and change detection look at,
 * copied before the tracker updates the state in place (it may mutate the object it is given).
 * {@code agedHandshake} and {@code agedCloseWait}: the connection counts in its responder host:port's aged
 * gauges ({@link AgedConditions}).
 */
public record ConnectionSnapshot(String uid, String origAddr, TcpState origState, String respAddr, int respPort,
                                 TcpState respState, String connState, String history, long lastSeenMicros,
                                 int raisedAnomalies, boolean agedHandshake, boolean agedCloseWait) {

    public static ConnectionSnapshot of(ConnectionState s) {
        return s == null ? null : new ConnectionSnapshot(s.getUid(), s.getOrigAddr(), s.getOrigState(),
                s.getRespAddr(), s.getRespPort(), s.getRespState(), s.getConnState(), s.getHistory(),
                s.getLastSeenMicros(), s.getRaisedAnomalies().size(), AgedConditions.agedHandshake(s),
                AgedConditions.agedCloseWait(s));
    }

    /** True when an endpoint state, conn_state, history or the raised anomalies differ. */
    public boolean differsFrom(ConnectionSnapshot other) {
        return other == null || !uid.equals(other.uid) || origState != other.origState
                || respState != other.respState || !connState.equals(other.connState)
                || !history.equals(other.history) || raisedAnomalies != other.raisedAnomalies
                || !origAddr.equals(other.origAddr) || !respAddr.equals(other.respAddr) || respPort != other.respPort;
    }

    /** True when the endpoint states (or roles) differ: the timers may need an earlier deadline. */
    public boolean statesDifferFrom(ConnectionSnapshot other) {
        return other == null || !uid.equals(other.uid) || origState != other.origState
                || respState != other.respState || !origAddr.equals(other.origAddr);
    }
}
