package dev.synscope.streams.anomaly;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.TcpState;
import java.util.List;

/**
 * The anomalies of an endpoint's aggregate (a responder host:port, the endpoint-stats store), decided
 * after each endpoint delta is applied; {@code EndpointStatsProcessor} reads the aggregate, calls these
 * and forwards what they raise:
 * <ul>
 *   <li>SYN_FLOOD when the incomplete handshakes on a host:port (responder in LISTEN = SYN not answered, or
 *       SYN_RECEIVED = SYN+ACK not acknowledged) reach {@code synFloodThreshold};</li>
 *   <li>CLOSE_WAIT_LEAK when the connections in CLOSE_WAIT on a host:port reach {@code closeWaitLeakThreshold}.</li>
 * </ul>
 * Each is raised once when the count crosses the threshold and re-armed only when the count falls
 * below half of it, so a count hovering at the threshold does not raise an event per record. An
 * aggregate without a port (a host) raises neither. Pure functions: the aggregate is only read.
 */
public final class EndpointAggregateRules {

    private EndpointAggregateRules() {
    }

    /**
     * What a rule decided for one aggregate: whether its anomaly is now active (raised and not yet
     * re-armed, to be stored in the aggregate) and the event just raised, or null.
     */
    public record Decision(boolean active, AnomalyEvent raised) {
    }

    /** SYN_FLOOD of {@code stats}, whose flag is {@code synFloodActive}; {@code latestUid} caused the delta at {@code atMicros}. */
    public static Decision synFlood(EndpointStats stats, long threshold, long atMicros, String latestUid) {
        long listen = count(stats, TcpState.LISTEN);
        long synReceived = count(stats, TcpState.SYN_RECEIVED);
        long pending = listen + synReceived;
        if (!raises(stats, stats.getSynFloodActive(), pending, threshold)) {
            return new Decision(staysActive(stats, stats.getSynFloodActive(), pending, threshold), null);
        }
        return new Decision(true, AnomalyEvents.forEndpoint(AnomalyType.SYN_FLOOD, stats.getEndpoint(),
                stats.getHost(), stats.getPort(), atMicros, pending, List.of(
                        AnomalyEvents.evidence(atMicros, null, pending + " incomplete handshakes at once on "
                                + stats.getEndpoint() + " (" + listen + " SYN unanswered, " + synReceived
                                + " SYN_RECEIVED), threshold " + threshold),
                        AnomalyEvents.evidence(atMicros, null, "latest: connection " + latestUid),
                        AnomalyEvents.evidence(stats.getWindowStartMicros(), null, "this window: "
                                + stats.getWindowTimeouts() + " connect timeouts, " + stats.getWindowHalfOpen()
                                + " half-open"))));
    }

    /** CLOSE_WAIT_LEAK of {@code stats}, whose flag is {@code closeWaitLeakActive}. */
    public static Decision closeWaitLeak(EndpointStats stats, long threshold, long atMicros, String latestUid) {
        long closeWait = count(stats, TcpState.CLOSE_WAIT);
        if (!raises(stats, stats.getCloseWaitLeakActive(), closeWait, threshold)) {
            return new Decision(staysActive(stats, stats.getCloseWaitLeakActive(), closeWait, threshold), null);
        }
        return new Decision(true, AnomalyEvents.forEndpoint(AnomalyType.CLOSE_WAIT_LEAK, stats.getEndpoint(),
                stats.getHost(), stats.getPort(), atMicros, closeWait, List.of(
                        AnomalyEvents.evidence(atMicros, null, closeWait + " connections in CLOSE_WAIT at once on "
                                + stats.getEndpoint() + ", threshold " + threshold),
                        AnomalyEvents.evidence(atMicros, null, "latest: connection " + latestUid))));
    }

    /** Not active and the count reached the threshold, on a host:port. */
    private static boolean raises(EndpointStats stats, boolean active, long count, long threshold) {
        return stats.getPort() != null && !active && count >= threshold;
    }

    /** Active, unless it re-arms: on a host:port, the count fell below half the threshold. */
    private static boolean staysActive(EndpointStats stats, boolean active, long count, long threshold) {
        boolean rearms = stats.getPort() != null && count < (threshold + 1) / 2;
        return active && !rearms;
    }

    private static long count(EndpointStats stats, TcpState state) {
        return stats.getStateCounts().getOrDefault(state.name(), 0L);
    }
}
