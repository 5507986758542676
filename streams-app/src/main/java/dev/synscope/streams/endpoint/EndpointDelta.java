package dev.synscope.streams.endpoint;

/**
 * One change to an endpoint's aggregates, sent from the connection tracker (keyed by connection)
 * through a repartition topic keyed by {@link #endpoint()} to the endpoint-stats store.
 *
 * @param endpoint  store key: "host:port" (responder service) or "host"
 * @param host      textual address
 * @param port      responder port, or -1 for a host-wide aggregate
 * @param fromState state name the endpoint of one connection left (null: the connection is new here)
 * @param toState   state name it entered (null: the connection left the table)
 * @param event     a counted event, or NONE
 * @param tsMicros  event time of the change
 * @param uid       connection that caused it (evidence)
 */
public record EndpointDelta(String endpoint, String host, int port, String fromState, String toState,
                            Event event, long tsMicros, String uid) {

    /**
     * Events counted in the endpoint's windows (REFUSED, CONNECT_TIMEOUT, HALF_OPEN, EVICTED_HANDSHAKE: an
     * embryonic connection evicted from the full table; ABANDONED_HANDSHAKE: an aged handshake that ended
     * incomplete), or moving one of its
     * aged gauges: a connection's handshake (or its responder's CLOSE_WAIT) became old enough to count
     * ({@code AGED_*}) or stopped counting ({@code *_GONE}: completed, closed, expired, evicted). Only ever
     * appended to: the repartition serde writes the ordinal.
     */
    public enum Event {
        NONE, REFUSED, CONNECT_TIMEOUT, HALF_OPEN, AGED_HANDSHAKE, AGED_HANDSHAKE_GONE, AGED_CLOSE_WAIT,
        AGED_CLOSE_WAIT_GONE, EVICTED_HANDSHAKE, ABANDONED_HANDSHAKE
    }

    public static String endpointKey(String host, int port) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port < 0 ? host : h + ":" + port;
    }
}
