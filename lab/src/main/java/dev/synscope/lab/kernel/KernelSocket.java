package dev.synscope.lab.kernel;

import dev.synscope.schema.TcpState;
import java.util.Objects;

/**
 * One TCP socket as the kernel reports it in one network namespace: its RFC 9293 state, its own
 * endpoint and its peer. A listening socket's peer is the wildcard.
 */
public record KernelSocket(TcpState state, Endpoint local, Endpoint peer) {

    public KernelSocket {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(peer, "peer");
    }

    public boolean isListener() {
        return state == TcpState.LISTEN;
    }

    @Override
    public String toString() {
        return state + " " + local + " -> " + peer;
    }
}
