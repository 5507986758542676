package dev.synscope.lab.judge;

import dev.synscope.lab.kernel.KernelSocket;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.TcpState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The kernel's judgement of SynScope at one vantage point and moment, both ways (see
 * {@link Agreement}): per kernel state how many sockets SynScope agrees on (kernel vs ours), how
 * many of SynScope's claims about the namespace's endpoints the kernel bears out (ours vs kernel),
 * the two-sided count over both lists, and every disagreement with both views.
 *
 * @param byKernelState per state the kernel reported (listeners excluded)
 * @param disagreements kernel sockets SynScope got wrong or missed, then SynScope claims of a state
 *                      where the kernel has no socket (absence = CLOSED)
 * @param notOnTheWire  kernel sockets not judged because none of their packets reached the wire at
 *                      this vantage (and SynScope, rightly, has no row for them)
 * @param ours          SynScope's claims about local endpoints, and how many the kernel bears out
 * @param twoSided      every tuple either side lists (kernel sockets in the judged states, SynScope's
 *                      claims), each once, and how many of them both sides agree on
 */
public record AgreementReport(Vantage vantage, String namespace, Map<TcpState, StateAgreement> byKernelState,
                              List<Disagreement> disagreements, List<KernelSocket> notOnTheWire, Counts ours,
                              Counts twoSided) {

    /** A count of judged items and how many of them agree. */
    public record Counts(int total, int agreeing) {
        public static final Counts NONE = new Counts(0, 0);

        public double ratio() {
            return total == 0 ? 1.0 : (double) agreeing / total;
        }

        Counts plus(Counts other) {
            return new Counts(total + other.total, agreeing + other.agreeing);
        }

        @Override
        public String toString() {
            return agreeing + "/" + total;
        }
    }

    public AgreementReport {
        byKernelState = Map.copyOf(byKernelState);
        disagreements = List.copyOf(disagreements);
        notOnTheWire = List.copyOf(notOnTheWire);
    }

    /** One-sided (kernel vs ours only), as before issue 13: the two-sided count is the kernel's. */
    public AgreementReport(Vantage vantage, String namespace, Map<TcpState, StateAgreement> byKernelState,
                           List<Disagreement> disagreements) {
        this(vantage, namespace, byKernelState, disagreements, List.of(), Counts.NONE, kernelCounts(byKernelState));
    }

    private static Counts kernelCounts(Map<TcpState, StateAgreement> byKernelState) {
        return new Counts(
                byKernelState.values().stream().filter(StateAgreement::judged).mapToInt(StateAgreement::total).sum(),
                byKernelState.values().stream().filter(StateAgreement::judged).mapToInt(StateAgreement::agreeing).sum());
    }

    /** Kernel sockets in the judged states (the seven), kernel vs ours. */
    public int judgedTotal() {
        return kernelCounts(byKernelState).total();
    }

    public int judgedAgreeing() {
        return kernelCounts(byKernelState).agreeing();
    }

    /** Kernel vs ours: agreement over the judged kernel sockets; 1.0 when there was nothing to judge. */
    public double judgedRatio() {
        return kernelCounts(byKernelState).ratio();
    }

    /** Kernel vs ours as counts. */
    public Counts kernel() {
        return kernelCounts(byKernelState);
    }

    /** True when the two-sided agreement reaches {@code target} (issue 13: 0.99). */
    public boolean meets(double target) {
        return twoSided.ratio() >= target;
    }

    /** One line per state, then one line per disagreement. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("kernel agreement at %s (%s): two-sided %s (%.1f%%); kernel vs ours %s judged sockets,"
                        + " ours vs kernel %s claims%n", vantage, namespace, twoSided, 100 * twoSided.ratio(), kernel(),
                ours));
        byKernelState.values().stream()
                .sorted(Comparator.comparing(StateAgreement::state))
                .forEach(s -> out.append(String.format("  %-13s %3d/%-3d%s%n", s.state(), s.agreeing(), s.total(),
                        s.judged() ? "" : "  (not judged)")));
        disagreements.forEach(d -> out.append("  DISAGREE ").append(d).append(System.lineSeparator()));
        notOnTheWire.forEach(k -> out.append("  NOT ON THE WIRE at ").append(vantage).append(" (not judged): kernel ")
                .append(k).append(System.lineSeparator()));
        return out.toString();
    }
}
