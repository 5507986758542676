package dev.synscope.streams.anomaly;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.TcpState;
import java.time.Duration;
import java.util.List;

/**
 * The anomalies of an endpoint's aggregate (a responder host:port, the endpoint-stats store), decided
 * after each endpoint delta is applied; {@code EndpointStatsProcessor} reads the aggregate, calls these
 * and forwards what they raise:
 * <ul>
 *   <li>SYN_FLOOD when the handshakes on a host:port that <em>stay</em> incomplete (responder still in LISTEN =
 *       SYN not answered, or SYN_RECEIVED = SYN+ACK not acknowledged, {@code synFloodMinAge} after the first
 *       SYN: the aggregate's {@code agedHandshakes}), plus those evicted from a full connection table in the
 *       current window before they could age ({@code windowEvictedHandshakes}: a flood beyond the table's
 *       capacity), reach {@code synFloodThreshold};</li>
 *   <li>CLOSE_WAIT_LEAK when the connections on a host:port whose responder has sat in CLOSE_WAIT, idle, for
 *       {@code closeWaitLeakMinAge} ({@code agedCloseWaits}) reach {@code closeWaitLeakThreshold}.</li>
 * </ul>
 * Handshakes in flight and CLOSE_WAITs on their way to closing never count, however many there are at once:
 * a busy healthy service has hundreds of both at any instant, each for milliseconds
 * ({@code endpoint.AgedConditions} marks the ones that last). Each rule is raised once when the count
 * crosses the threshold and re-armed only when the count falls below half of it, so a count hovering at
 * the threshold does not raise an event per record. An aggregate without a port (a host) raises neither.
 * Pure functions: the aggregate is only read.
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

    /**
     * SYN_FLOOD of {@code stats}, whose flag is {@code synFloodActive}; {@code latestUid} caused the delta at
     * {@code atMicros}; {@code minAge} is the age that made a handshake count (evidence).
     */
    public static Decision synFlood(EndpointStats stats, long threshold, Duration minAge, long atMicros,
                                    String latestUid) {
        long evicted = stats.getWindowEvictedHandshakes();
        long abandoned = stats.getWindowAbandonedHandshakes();
        long aged = stats.getAgedHandshakes() + evicted + abandoned;
        if (!raises(stats, stats.getSynFloodActive(), aged, threshold)) {
            return new Decision(staysActive(stats, stats.getSynFloodActive(), aged, threshold), null);
        }
        long listen = count(stats, TcpState.LISTEN);
        long synReceived = count(stats, TcpState.SYN_RECEIVED);
        return new Decision(true, AnomalyEvents.forEndpoint(AnomalyType.SYN_FLOOD, stats.getEndpoint(),
                stats.getHost(), stats.getPort(), atMicros, aged, List.of(
                        AnomalyEvents.evidence(atMicros, null, aged + " handshakes on " + stats.getEndpoint()
                                + " still incomplete " + millis(minAge) + " after their SYN, threshold " + threshold
                                + " (handshakes in flight do not count)" + (evicted == 0 ? "" : "; " + evicted
                                + " of them evicted from the full connection table this window before they could age")
                                + (abandoned == 0 ? "" : "; " + abandoned + " of them aged and then abandoned this window")),
                        AnomalyEvents.evidence(atMicros, null, "incomplete now: " + listen + " SYN unanswered, "
                                + synReceived + " SYN_RECEIVED; " + count(stats, TcpState.ESTABLISHED)
                                + " established"),
                        AnomalyEvents.evidence(atMicros, null, "latest: connection " + latestUid),
                        AnomalyEvents.evidence(stats.getWindowStartMicros(), null, "this window: "
                                + stats.getWindowTimeouts() + " connect timeouts, " + stats.getWindowHalfOpen()
                                + " half-open"))));
    }

    /** CLOSE_WAIT_LEAK of {@code stats}, whose flag is {@code closeWaitLeakActive}. */
    public static Decision closeWaitLeak(EndpointStats stats, long threshold, Duration minAge, long atMicros,
                                         String latestUid) {
        long aged = stats.getAgedCloseWaits();
        if (!raises(stats, stats.getCloseWaitLeakActive(), aged, threshold)) {
            return new Decision(staysActive(stats, stats.getCloseWaitLeakActive(), aged, threshold), null);
        }
        return new Decision(true, AnomalyEvents.forEndpoint(AnomalyType.CLOSE_WAIT_LEAK, stats.getEndpoint(),
                stats.getHost(), stats.getPort(), atMicros, aged, List.of(
                        AnomalyEvents.evidence(atMicros, null, aged + " connections on " + stats.getEndpoint()
                                + " in CLOSE_WAIT with no packet for " + millis(minAge) + " or more, threshold "
                                + threshold + " (" + count(stats, TcpState.CLOSE_WAIT) + " in CLOSE_WAIT now)"),
                        AnomalyEvents.evidence(atMicros, null, "latest: connection " + latestUid))));
    }

    private static String millis(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
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
