package dev.synscope.lab.judge;

import dev.synscope.lab.diagnosis.InferredConnection;
import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.kernel.KernelSnapshot;
import dev.synscope.lab.kernel.KernelSocket;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.TcpState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Compares the kernel's sockets in one namespace with SynScope's rows from the matching vantage
 * point, connection by connection, from the namespace's own side: for a kernel socket
 * {@code local -> peer} in state K, SynScope agrees when its row for that tuple puts the endpoint
 * {@code local} in K. Listeners are not compared (no probe can see a socket that nobody talks to).
 */
public final class Agreement {

    /** Issue 6: the states whose agreement must reach the target. */
    public static final Set<TcpState> JUDGED_STATES = EnumSet.of(TcpState.ESTABLISHED, TcpState.SYN_SENT,
            TcpState.SYN_RECEIVED, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.TIME_WAIT);

    /** Issue 6's target for the judged states. */
    public static final double TARGET = 0.99;

    /** SynScope states that claim the local side still holds a socket. */
    private static final Set<TcpState> LIVE_STATES = EnumSet.complementOf(
            EnumSet.of(TcpState.CLOSED, TcpState.UNKNOWN, TcpState.LISTEN));

    private Agreement() {
    }

    /**
     * @param kernel   the namespace's snapshot
     * @param vantage  the vantage point whose probe sees this namespace's traffic
     * @param synscope SynScope's rows; rows from other vantage points are ignored
     */
    public static AgreementReport compare(KernelSnapshot kernel, Vantage vantage, Collection<InferredConnection> synscope) {
        return compare(kernel, vantage, synscope, socket -> true);
    }

    /**
     * As {@link #compare(KernelSnapshot, Vantage, Collection)}, but a kernel socket for which
     * SynScope has no row and {@code onTheWire} says no packet of it reached the wire at this
     * vantage is not judged: no probe can see it. It is listed in
     * {@link AgreementReport#notOnTheWire()} instead, so the report still shows it.
     */
    public static AgreementReport compare(KernelSnapshot kernel, Vantage vantage, Collection<InferredConnection> synscope,
                                          Predicate<KernelSocket> onTheWire) {
        List<InferredConnection> rows = synscope.stream().filter(r -> r.vantage() == vantage).toList();
        Map<TcpState, StateAgreement> byState = new EnumMap<>(TcpState.class);
        List<Disagreement> disagreements = new ArrayList<>();
        List<KernelSocket> notOnTheWire = new ArrayList<>();

        for (KernelSocket socket : kernel.connections()) {
            List<InferredConnection> matching = rows.stream().filter(r -> r.joins(socket.local(), socket.peer())).toList();
            if (matching.isEmpty() && !onTheWire.test(socket)) {
                notOnTheWire.add(socket);
                continue;
            }
            Optional<TcpState> agreeingState = matching.stream()
                    .map(r -> r.stateOf(socket.local()).orElseThrow())
                    .filter(s -> s == socket.state())
                    .findFirst();
            TcpState state = socket.state();
            byState.put(state, byState.getOrDefault(state, new StateAgreement(state, 0, 0, JUDGED_STATES.contains(state)))
                    .plus(agreeingState.isPresent()));
            if (agreeingState.isEmpty()) {
                Optional<InferredConnection> row = matching.stream().findFirst();
                disagreements.add(new Disagreement(vantage, socket.local(), socket.peer(), Optional.of(socket.state()),
                        row.flatMap(r -> r.stateOf(socket.local())), row.map(InferredConnection::toString).orElse("")));
            }
        }

        Set<String> localAddresses = kernel.sockets().stream().map(s -> s.local().address())
                .filter(a -> !a.equals("*") && !a.equals("0.0.0.0") && !a.equals("::"))
                .collect(Collectors.toSet());
        for (InferredConnection row : rows) {
            for (Endpoint side : List.of(row.originator(), row.responder())) {
                Endpoint other = side.equals(row.originator()) ? row.responder() : row.originator();
                TcpState claimed = row.stateOf(side).orElseThrow();
                if (!localAddresses.contains(side.address()) || !LIVE_STATES.contains(claimed)) {
                    continue;
                }
                boolean kernelHasIt = kernel.connections().stream()
                        .anyMatch(s -> s.local().equals(side) && s.peer().equals(other));
                if (!kernelHasIt) {
                    disagreements.add(new Disagreement(vantage, side, other, Optional.empty(), Optional.of(claimed),
                            row.toString()));
                }
            }
        }
        return new AgreementReport(vantage, kernel.namespace(), byState, disagreements, notOnTheWire);
    }
}
