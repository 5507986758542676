package dev.synscope.streams.query.connections;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.VantageStats;
import dev.synscope.streams.query.http.ApiException;
import dev.synscope.streams.query.http.QueryParams;
import java.util.List;
import java.util.Set;

/**
 * The filters of {@code GET /connections}. Endpoint conditions (host, port, state, minAgeSeconds)
 * must all hold for the SAME endpoint: {@code state=CLOSE_WAIT&host=198.51.100.10} finds
 * connections in which 198.51.100.10 is in CLOSE_WAIT, not ones where it merely takes part.
 * {@code role} restricts that endpoint to the originator or the responder.
 *
 * <p>Age is measured on the wall clock: with {@code state}, since that endpoint entered the state
 * (how long it has been stuck in CLOSE_WAIT); without, since the connection's first packet.
 * Null fields do not filter.
 */
public record ConnectionFilter(
        TcpState state,
        String host,
        Integer port,
        Role role,
        String connState,
        Long minAgeSeconds,
        String probe,
        String uid) {

    /** Zeek's conn_state values. */
    public static final List<String> CONN_STATES =
            List.of("S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH");
    public static final Set<String> PARAMETERS =
            Set.of("state", "host", "port", "role", "connState", "minAgeSeconds", "probe", "uid");

    public static final ConnectionFilter NONE = new ConnectionFilter(null, null, null, null, null, null, null, null);

    public static ConnectionFilter from(QueryParams q) {
        String probe = q.string("probe").orElse(null);
        if (probe != null && probe.length() > 255) {
            throw ApiException.badParameter("probe", "a probe id is at most 255 characters", List.of("a probe id"));
        }
        return new ConnectionFilter(
                q.enumValue("state", TcpState.class).orElse(null),
                q.ipAddress("host").orElse(null),
                q.string("port").isPresent() ? q.intValue("port", 0, 1, 65535) : null,
                q.enumValue("role", Role.class).orElse(null),
                q.choice("connState", CONN_STATES).orElse(null),
                q.longValue("minAgeSeconds", 0, 10L * 365 * 24 * 3600).orElse(null),
                probe,
                q.string("uid").orElse(null));
    }

    public ConnectionFilter withUid(String value) {
        return new ConnectionFilter(state, host, port, role, connState, minAgeSeconds, probe, value);
    }

    /** The query-string form, to ask another instance the same question. */
    public void appendTo(StringBuilder query) {
        add(query, "state", state);
        add(query, "host", host);
        add(query, "port", port);
        add(query, "role", role == null ? null : role.name().toLowerCase(java.util.Locale.ROOT));
        add(query, "connState", connState);
        add(query, "minAgeSeconds", minAgeSeconds);
        add(query, "probe", probe);
        add(query, "uid", uid);
    }

    public boolean matches(ConnectionState c, long nowMicros) {
        if (uid != null && !uid.equals(c.getUid())) {
            return false;
        }
        if (connState != null && !connState.equals(c.getConnState())) {
            return false;
        }
        if (probe != null && c.getVantages().stream().map(VantageStats::getProbeId).noneMatch(probe::equals)) {
            return false;
        }
        return (role != Role.RESPONDER && endpointMatches(c, Role.ORIGINATOR, nowMicros))
                || (role != Role.ORIGINATOR && endpointMatches(c, Role.RESPONDER, nowMicros));
    }

    private boolean endpointMatches(ConnectionState c, Role side, long nowMicros) {
        boolean orig = side == Role.ORIGINATOR;
        if (host != null && !host.equals(orig ? c.getOrigAddr() : c.getRespAddr())) {
            return false;
        }
        if (port != null && port != (orig ? c.getOrigPort() : c.getRespPort())) {
            return false;
        }
        if (state != null && state != (orig ? c.getOrigState() : c.getRespState())) {
            return false;
        }
        if (minAgeSeconds != null) {
            long since = state == null ? c.getFirstSeenMicros()
                    : orig ? c.getOrigStateSinceMicros() : c.getRespStateSinceMicros();
            return nowMicros - since >= minAgeSeconds * 1_000_000L;
        }
        return true;
    }

    private static void add(StringBuilder query, String name, Object value) {
        if (value != null) {
            query.append(query.length() == 0 ? "" : "&").append(name).append('=')
                    .append(java.net.URLEncoder.encode(value.toString(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
