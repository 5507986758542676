package dev.synscope.lab.judge;

import dev.synscope.lab.kernel.KernelSocket;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.TcpState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The kernel's judgement of SynScope at one vantage point and moment: per kernel state how many
 * sockets SynScope agrees on, and every disagreement with both views.
 *
 * @param byKernelState per state the kernel reported (listeners excluded)
 * @param disagreements kernel sockets SynScope got wrong or missed, then SynScope rows claiming a
 *                      live state where the kernel has no socket
 * @param notOnTheWire  kernel sockets not judged because none of their packets reached the wire at
 *                      this vantage (and SynScope, rightly, has no row for them)
 */
public record AgreementReport(Vantage vantage, String namespace, Map<TcpState, StateAgreement> byKernelState,
                              List<Disagreement> disagreements, List<KernelSocket> notOnTheWire) {

    public AgreementReport {
        byKernelState = Map.copyOf(byKernelState);
        disagreements = List.copyOf(disagreements);
        notOnTheWire = List.copyOf(notOnTheWire);
    }

    public AgreementReport(Vantage vantage, String namespace, Map<TcpState, StateAgreement> byKernelState,
                           List<Disagreement> disagreements) {
        this(vantage, namespace, byKernelState, disagreements, List.of());
    }

    /** Sockets in the judged states (the seven). */
    public int judgedTotal() {
        return byKernelState.values().stream().filter(StateAgreement::judged).mapToInt(StateAgreement::total).sum();
    }

    public int judgedAgreeing() {
        return byKernelState.values().stream().filter(StateAgreement::judged).mapToInt(StateAgreement::agreeing).sum();
    }

    /** Agreement over the judged states; 1.0 when there was nothing to judge (see {@link #judgedTotal()}). */
    public double judgedRatio() {
        int total = judgedTotal();
        return total == 0 ? 1.0 : (double) judgedAgreeing() / total;
    }

    /** True when the judged agreement reaches {@code target} (issue 6: 0.99). */
    public boolean meets(double target) {
        return judgedRatio() >= target;
    }

    /** One line per state, then one line per disagreement. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("kernel agreement at %s (%s): %d/%d judged sockets (%.1f%%)%n", vantage, namespace,
                judgedAgreeing(), judgedTotal(), 100 * judgedRatio()));
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
