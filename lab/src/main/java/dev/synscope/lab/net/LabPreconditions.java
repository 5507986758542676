package dev.synscope.lab.net;

import dev.synscope.lab.exec.CommandResult;
import dev.synscope.lab.exec.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Whether the whole lab can run here: root, the tools the scenarios use, and network namespaces
 * that can actually be created (some containers forbid them even to root). Tests skip and the
 * {@code lab} command stops with the reason this gives, never silently.
 */
public final class LabPreconditions {

    /** Every tool some scenario runs. */
    public static final List<String> TOOLS = List.of("ip", "iptables", "tcpdump", "curl", "ss", "hping3", "timeout",
            "/usr/bin/python3");
    private static final Duration QUICK = Duration.ofSeconds(10);

    private LabPreconditions() {
    }

    /** The reason the lab cannot run here, or empty when it can. */
    public static Optional<String> problem(CommandRunner runner) {
        CommandResult id = runner.run(QUICK, List.of("id", "-u"));
        if (!id.succeeded() || !id.stdout().strip().equals("0")) {
            return Optional.of("the lab needs root to create network namespaces (id -u = " + id.stdout().strip()
                    + "); run it with sudo");
        }
        for (String tool : TOOLS) {
            if (!runner.run(QUICK, List.of("sh", "-c", "command -v " + tool)).succeeded()) {
                return Optional.of("the lab needs " + tool
                        + " (Debian: apt-get install -y iproute2 iptables tcpdump curl hping3 python3)");
            }
        }
        String probe = "synscope-check-" + ProcessHandle.current().pid();
        CommandResult add = runner.run(QUICK, List.of("ip", "netns", "add", probe));
        runner.run(QUICK, List.of("ip", "netns", "del", probe));
        if (!add.succeeded()) {
            return Optional.of("`ip netns add` fails here: " + add.stderr().strip());
        }
        return Optional.empty();
    }
}
