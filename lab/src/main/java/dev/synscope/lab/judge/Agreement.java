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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compares the kernel's sockets in one namespace with SynScope's rows from the matching vantage
 * point, both ways (issue 13), connection by connection, from the namespace's own side:
 * <ul>
 *   <li><b>kernel vs ours</b>: for a kernel socket {@code local -> peer} in state K, SynScope agrees
 *       when its row for that tuple puts the endpoint {@code local} in K (issue 6's seven states
 *       are judged);</li>
 *   <li><b>ours vs kernel</b>: for every endpoint SynScope lists at one of the namespace's own
 *       addresses in a state other than LISTEN or UNKNOWN (which claim no connection socket), the
 *       kernel agrees when it has that socket in that state; a socket the kernel does not list is
 *       CLOSED, so a CLOSED claim agrees with its absence and a live claim does not.</li>
 * </ul>
 * The <b>two-sided</b> agreement counts each tuple of either list once: it agrees when both say the
 * same (absence = CLOSED on the kernel's side). Listeners are not compared (no probe can see a
 * socket that nobody talks to).
 */
public final class Agreement {

    /** Issue 6: the states whose agreement must reach the target. */
    public static final Set<TcpState> JUDGED_STATES = EnumSet.of(TcpState.ESTABLISHED, TcpState.SYN_SENT,
            TcpState.SYN_RECEIVED, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.TIME_WAIT);

    /** Issue 6's target, issue 13's for the two-sided agreement. */
    public static final double TARGET = 0.99;

    /** SynScope states that claim nothing about a connection socket of the local side. */
    private static final Set<TcpState> NO_CLAIM = EnumSet.of(TcpState.UNKNOWN, TcpState.LISTEN);

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

    /** As below, with the namespace's addresses taken from its own sockets (listeners included). */
    public static AgreementReport compare(KernelSnapshot kernel, Vantage vantage, Collection<InferredConnection> synscope,
                                          Predicate<KernelSocket> onTheWire) {
        return compare(kernel, vantage, synscope, onTheWire, Set.of());
    }

    /**
     * As {@link #compare(KernelSnapshot, Vantage, Collection)}, but a kernel socket for which
     * SynScope has no row and {@code onTheWire} says no packet of it reached the wire at this
     * vantage is not judged: no probe can see it. It is listed in
     * {@link AgreementReport#notOnTheWire()} instead, so the report still shows it.
     *
     * @param localAddresses the namespace's own addresses (with those of its sockets): SynScope's
     *                       claims about endpoints at these addresses are judged by this kernel
     *                       even when it has no socket at all
     */
    public static AgreementReport compare(KernelSnapshot kernel, Vantage vantage, Collection<InferredConnection> synscope,
                                          Predicate<KernelSocket> onTheWire, Set<String> localAddresses) {
        List<InferredConnection> rows = synscope.stream().filter(r -> r.vantage() == vantage).toList();
        Map<TcpState, StateAgreement> byState = new EnumMap<>(TcpState.class);
        List<Disagreement> disagreements = new ArrayList<>();
        List<KernelSocket> notOnTheWire = new ArrayList<>();
        Map<Tuple, TcpState> kernelStates = new LinkedHashMap<>();
        kernel.connections().forEach(s -> kernelStates.putIfAbsent(new Tuple(s.local(), s.peer()), s.state()));
        Set<Tuple> judgedKernel = new HashSet<>();
        Set<Tuple> twoSidedAgreeing = new HashSet<>();
        Set<Tuple> twoSided = new HashSet<>();

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
            boolean judged = JUDGED_STATES.contains(state);
            byState.put(state, byState.getOrDefault(state, new StateAgreement(state, 0, 0, judged))
                    .plus(agreeingState.isPresent()));
            Tuple tuple = new Tuple(socket.local(), socket.peer());
            if (judged) {
                judgedKernel.add(tuple);
                twoSided.add(tuple);
                if (agreeingState.isPresent()) {
                    twoSidedAgreeing.add(tuple);
                }
            }
            if (agreeingState.isEmpty()) {
                Optional<InferredConnection> row = matching.stream().findFirst();
                disagreements.add(new Disagreement(vantage, socket.local(), socket.peer(), Optional.of(socket.state()),
                        row.flatMap(r -> r.stateOf(socket.local())), row.map(InferredConnection::toString).orElse("")));
            }
        }

        Set<String> local = new HashSet<>(localAddresses);
        kernel.sockets().stream().map(s -> s.local().address())
                .filter(a -> !a.equals("*") && !a.equals("0.0.0.0") && !a.equals("::"))
                .forEach(local::add);
        // ours vs kernel: per tuple, every state SynScope claims for the local side (a reused tuple may have two rows)
        Map<Tuple, List<InferredConnection>> claims = new LinkedHashMap<>();
        for (InferredConnection row : rows) {
            for (Endpoint side : List.of(row.originator(), row.responder())) {
                Endpoint other = side.equals(row.originator()) ? row.responder() : row.originator();
                TcpState claimed = row.stateOf(side).orElseThrow();
                if (local.contains(side.address()) && !NO_CLAIM.contains(claimed)) {
                    claims.computeIfAbsent(new Tuple(side, other), k -> new ArrayList<>()).add(row);
                }
            }
        }
        int oursAgreeing = 0;
        for (Map.Entry<Tuple, List<InferredConnection>> claim : claims.entrySet()) {
            Tuple tuple = claim.getKey();
            TcpState kernelState = kernelStates.getOrDefault(tuple, TcpState.CLOSED);
            boolean agrees = claim.getValue().stream().anyMatch(r -> r.stateOf(tuple.local()).orElseThrow() == kernelState);
            twoSided.add(tuple);
            if (agrees) {
                oursAgreeing++;
                twoSidedAgreeing.add(tuple);
            } else {
                twoSidedAgreeing.remove(tuple);
                if (!kernelStates.containsKey(tuple)) {
                    InferredConnection row = claim.getValue().get(0);
                    disagreements.add(new Disagreement(vantage, tuple.local(), tuple.peer(), Optional.empty(),
                            row.stateOf(tuple.local()), row.toString()));
                }
                // a kernel socket in another state is already listed above, with both views
            }
        }
        return new AgreementReport(vantage, kernel.namespace(), byState, disagreements, notOnTheWire,
                new AgreementReport.Counts(claims.size(), oursAgreeing),
                new AgreementReport.Counts(twoSided.size(), twoSidedAgreeing.size()));
    }

    /** A socket as seen from its own side. */
    private record Tuple(Endpoint local, Endpoint peer) {
    }
}
