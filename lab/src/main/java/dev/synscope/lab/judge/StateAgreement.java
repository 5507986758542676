package dev.synscope.lab.judge;

import dev.synscope.schema.TcpState;

/**
 * For one kernel state: how many of the kernel's sockets in it SynScope also put in it.
 *
 * @param judged whether the state counts toward the agreement target (issue 6's seven states)
 */
public record StateAgreement(TcpState state, int total, int agreeing, boolean judged) {

    public double ratio() {
        return total == 0 ? 1.0 : (double) agreeing / total;
    }

    StateAgreement plus(boolean agrees) {
        return new StateAgreement(state, total + 1, agreeing + (agrees ? 1 : 0), judged);
    }
}
