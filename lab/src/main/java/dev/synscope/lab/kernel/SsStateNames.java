package dev.synscope.lab.kernel;

import dev.synscope.schema.TcpState;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ss}'s short state names mapped to RFC 9293 names (the schema's {@link TcpState}).
 * iproute2's ss prints these (misc/ss.c, {@code sstate_name}); {@code UNCONN} is its name for
 * TCP_CLOSE, and older versions print {@code CLOSE}.
 */
public final class SsStateNames {

    private static final Map<String, TcpState> BY_SS_NAME = Map.ofEntries(
            Map.entry("ESTAB", TcpState.ESTABLISHED),
            Map.entry("SYN-SENT", TcpState.SYN_SENT),
            Map.entry("SYN-RECV", TcpState.SYN_RECEIVED),
            Map.entry("FIN-WAIT-1", TcpState.FIN_WAIT_1),
            Map.entry("FIN-WAIT-2", TcpState.FIN_WAIT_2),
            Map.entry("TIME-WAIT", TcpState.TIME_WAIT),
            Map.entry("CLOSE-WAIT", TcpState.CLOSE_WAIT),
            Map.entry("LAST-ACK", TcpState.LAST_ACK),
            Map.entry("LISTEN", TcpState.LISTEN),
            Map.entry("CLOSING", TcpState.CLOSING),
            Map.entry("UNCONN", TcpState.CLOSED),
            Map.entry("CLOSE", TcpState.CLOSED));

    private SsStateNames() {
    }

    /** The RFC 9293 state for an ss state name, or empty when ss printed something unknown. */
    public static Optional<TcpState> toTcpState(String ssName) {
        return Optional.ofNullable(BY_SS_NAME.get(ssName));
    }
}
