package dev.synscope.streams.anomaly;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.Evidence;
import java.util.List;

/**
 * The anomalies that only time proves (raised by the timeout sweep when a deadline passes): a SYN
 * never answered, a handshake left half-open, an endpoint stuck in CLOSE_WAIT, a zero window that
 * does not open. Each returns null when the condition was already raised for the instance.
 */
public final class TimedConditionAnomalies {

    private TimedConditionAnomalies() {
    }

    public static AnomalyEvent connectTimeout(ConnectionState s, long atMicros) {
        return connectTimeout(s, s.getOrigStateSinceMicros(), atMicros);
    }

    /** @param synMicros when the originator sent its first SYN (entered SYN_SENT) */
    public static AnomalyEvent connectTimeout(ConnectionState s, long synMicros, long atMicros) {
        long synRetransmissions = Math.max(0, s.getOrigPackets() - 1);
        return raise(s, AnomalyType.CONNECT_TIMEOUT, atMicros, List.of(
                AnomalyEvents.evidence(synMicros, AnomalyEvents.mainVantage(s),
                        "SYN " + endpoints(s) + " seq " + s.getOrigIsn()),
                AnomalyEvents.evidence(atMicros, null, "SYN retransmitted " + synRetransmissions + " times, no SYN+ACK "
                        + "after " + (atMicros - synMicros) / 1000 + " ms")));
    }

    public static AnomalyEvent halfOpen(ConnectionState s, long atMicros) {
        return halfOpen(s, s.getRespStateSinceMicros(), atMicros);
    }

    /** @param sinceMicros when the responder entered SYN_RECEIVED */
    public static AnomalyEvent halfOpen(ConnectionState s, long sinceMicros, long atMicros) {
        return raise(s, AnomalyType.HALF_OPEN, atMicros, List.of(
                AnomalyEvents.evidence(sinceMicros, AnomalyEvents.mainVantage(s),
                        "SYN+ACK from " + s.getRespAddr() + ":" + s.getRespPort() + " seq " + s.getRespIsn()),
                AnomalyEvents.evidence(atMicros, null, "responder in SYN_RECEIVED for "
                        + (atMicros - sinceMicros) / 1000 + " ms without the final ACK ("
                        + s.getRespPackets() + " responder packets)")));
    }

    public static AnomalyEvent closeWaitStuck(ConnectionState s, boolean originator, long sinceMicros, long atMicros) {
        String who = originator ? s.getOrigAddr() + ":" + s.getOrigPort() : s.getRespAddr() + ":" + s.getRespPort();
        return raise(s, AnomalyType.CLOSE_WAIT_STUCK, atMicros, List.of(
                AnomalyEvents.evidence(sinceMicros, AnomalyEvents.mainVantage(s),
                        "peer's FIN acknowledged by " + who + ": it enters CLOSE_WAIT"),
                AnomalyEvents.evidence(atMicros, null, who + " still in CLOSE_WAIT after "
                        + (atMicros - sinceMicros) / 1000 + " ms: no FIN from it")));
    }

    public static AnomalyEvent zeroWindowStall(ConnectionState s, boolean originator, long sinceMicros,
                                               long atMicros) {
        String who = originator ? "originator" : "responder";
        return raise(s, AnomalyType.ZERO_WINDOW_STALL, atMicros, List.of(
                AnomalyEvents.evidence(sinceMicros, AnomalyEvents.mainVantage(s), who + " advertised a zero window"),
                AnomalyEvents.evidence(atMicros, null, "window still zero after " + (atMicros - sinceMicros) / 1000
                        + " ms")));
    }

    private static AnomalyEvent raise(ConnectionState s, AnomalyType type, long at, List<Evidence> evidence) {
        if (!RaisedAnomalies.mark(s, type)) {
            return null;
        }
        return AnomalyEvents.forConnection(type, s, at, AnomalyEvents.mainVantage(s), evidence, List.of());
    }

    private static String endpoints(ConnectionState s) {
        return s.getOrigAddr() + ":" + s.getOrigPort() + " > " + s.getRespAddr() + ":" + s.getRespPort();
    }
}
