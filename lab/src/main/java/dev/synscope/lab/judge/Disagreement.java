package dev.synscope.lab.judge;

import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.scenario.Vantage;
import dev.synscope.schema.TcpState;
import java.util.Optional;

/**
 * One connection on which the kernel and SynScope differ, with both views. Seen from the side at
 * {@code local} (the namespace's own endpoint).
 *
 * @param kernelState   the kernel's state, empty when the kernel has no such socket
 * @param synscopeState SynScope's state for the local side, empty when it has no row for the tuple
 * @param synscopeRow   SynScope's whole row, for the person reading the report ("" when none)
 */
public record Disagreement(Vantage vantage, Endpoint local, Endpoint peer, Optional<TcpState> kernelState,
                           Optional<TcpState> synscopeState, String synscopeRow) {

    @Override
    public String toString() {
        return String.format("%s %s -> %s: kernel %s, SynScope %s%s", vantage, local, peer,
                kernelState.map(Enum::name).orElse("(no socket)"),
                synscopeState.map(Enum::name).orElse("(no row)"),
                synscopeRow.isEmpty() ? "" : " [" + synscopeRow + "]");
    }
}
