package dev.synscope.lab.diagnosis;

import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.TcpState;
import java.util.Objects;
import java.util.Optional;

/**
 * SynScope's view of one connection from one vantage point: both endpoints and the state it
 * inferred for each. Built from the streams app's {@link ConnectionState} rows (queried through
 * the public API) with {@link #from(ConnectionState, Vantage)}.
 */
public record InferredConnection(Vantage vantage, Endpoint originator, TcpState originatorState,
                                 Endpoint responder, TcpState responderState, String connState) {

    /** Without a Zeek conn_state (when only the states matter). */
    public InferredConnection(Vantage vantage, Endpoint originator, TcpState originatorState,
                              Endpoint responder, TcpState responderState) {
        this(vantage, originator, originatorState, responder, responderState, "");
    }

    public InferredConnection {
        Objects.requireNonNull(vantage, "vantage");
        Objects.requireNonNull(originator, "originator");
        Objects.requireNonNull(originatorState, "originatorState");
        Objects.requireNonNull(responder, "responder");
        Objects.requireNonNull(responderState, "responderState");
        connState = connState == null ? "" : connState;
    }

    public static InferredConnection from(ConnectionState row, Vantage vantage) {
        return new InferredConnection(vantage,
                Endpoint.of(row.getOrigAddr().toString(), row.getOrigPort()), row.getOrigState(),
                Endpoint.of(row.getRespAddr().toString(), row.getRespPort()), row.getRespState(),
                row.getConnState() == null ? "" : row.getConnState().toString());
    }

    /** True when this connection is between exactly these two endpoints, in either order. */
    public boolean joins(Endpoint a, Endpoint b) {
        return (originator.equals(a) && responder.equals(b)) || (originator.equals(b) && responder.equals(a));
    }

    /** The state SynScope inferred for the side at {@code endpoint}; empty when it is neither side. */
    public Optional<TcpState> stateOf(Endpoint endpoint) {
        if (originator.equals(endpoint)) {
            return Optional.of(originatorState);
        }
        if (responder.equals(endpoint)) {
            return Optional.of(responderState);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return originator + " " + originatorState + " -> " + responder + " " + responderState + " @" + vantage;
    }
}
