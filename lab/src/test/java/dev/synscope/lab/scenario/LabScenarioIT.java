package dev.synscope.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synscope.lab.exec.CommandResult;
import dev.synscope.lab.exec.CommandRunner;
import dev.synscope.lab.kernel.Endpoint;
import dev.synscope.lab.kernel.KernelSnapshot;
import dev.synscope.lab.kernel.KernelSocket;
import dev.synscope.lab.net.LabAddresses;
import dev.synscope.lab.net.LabNetwork;
import dev.synscope.lab.net.LabRole;
import dev.synscope.lab.net.LabScripts;
import dev.synscope.schema.TcpState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the lab in network namespaces and runs issue 6's scenario 8 (CLOSE_WAIT leak) on the real
 * Linux TCP stack, capturing at both vantage points; the kernel's {@code ss} says what the states
 * are. Skips, saying why, where namespaces cannot be made (not root, no {@code ip netns}).
 */
@Timeout(120)
class LabScenarioIT {

    private static final CommandRunner RUNNER = new CommandRunner();
    private static final Duration QUICK = Duration.ofSeconds(10);
    private static final int POOL = 4;

    private static LabScripts scripts;

    @BeforeAll
    static void requireNetworkNamespaces() {
        Optional<LabScripts> located = LabScripts.locate();
        assumeTrue(located.isPresent(), "lab scripts (lab/lib/topology.sh) not found: set -D"
                + LabScripts.PROPERTY + " to skip this check");
        scripts = located.get();
        CommandResult id = RUNNER.run(QUICK, List.of("id", "-u"));
        assumeTrue(id.succeeded() && id.stdout().strip().equals("0"),
                "SKIPPED: the lab needs root to create network namespaces (id -u = " + id.stdout().strip() + ")");
        for (String tool : List.of("ip", "iptables", "tcpdump", "curl", "ss", "/usr/bin/python3")) {
            assumeTrue(RUNNER.run(QUICK, List.of("sh", "-c", "command -v " + tool)).succeeded(),
                    "SKIPPED: the lab needs " + tool + " (Debian: apt-get install -y iproute2 iptables tcpdump curl python3)");
        }
        String probe = "synscope-probe-" + ProcessHandle.current().pid();
        CommandResult add = RUNNER.run(QUICK, List.of("ip", "netns", "add", probe));
        RUNNER.run(QUICK, List.of("ip", "netns", "del", probe));
        assumeTrue(add.succeeded(), "SKIPPED: `ip netns add` fails here: " + add.stderr().strip());
    }

    private static String uniquePrefix() {
        return "slit" + ProcessHandle.current().pid() % 100_000;
    }

    @Test
    void closeWaitLeakSeenByBothKernelsAndOnTheWire(@TempDir Path work) throws Exception {
        String prefix = uniquePrefix();
        try (LabNetwork lab = LabNetwork.create(prefix, RUNNER, scripts)) {
            lab.startServers(work);
            ScenarioRun run = new ScenarioDriver(lab, Map.of("CLOSE_WAIT_POOL", Integer.toString(POOL)))
                    .run(Scenario.CLOSE_WAIT_LEAK_POOL, work, true);

            KernelSnapshot server = run.snapshot("close-wait-leak", Vantage.SERVER);
            KernelSnapshot client = run.snapshot("close-wait-leak", Vantage.CLIENT);
            Endpoint leakyServer = Endpoint.of(LabAddresses.SERVER_IP, LabAddresses.PORT_NEVER_CLOSE);
            Endpoint vip = Endpoint.of(LabAddresses.VIP, LabAddresses.PORT_NEVER_CLOSE);

            assertThat(server.namespace()).isEqualTo(prefix + "-server");
            assertThat(server.inState(TcpState.CLOSE_WAIT)).hasSize(POOL).allSatisfy(s -> {
                assertThat(s.local()).isEqualTo(leakyServer);
                assertThat(s.peer().address()).isEqualTo(LabAddresses.CLIENT_IP);
            });
            // The client closed first: its half is in FIN_WAIT_2, talking to the VIP (DNAT), same ports.
            List<Integer> clientPorts = client.inState(TcpState.FIN_WAIT_2).stream()
                    .filter(s -> s.peer().equals(vip)).map(s -> s.local().port()).toList();
            assertThat(clientPorts).hasSize(POOL).containsExactlyInAnyOrderElementsOf(
                    server.inState(TcpState.CLOSE_WAIT).stream().map(s -> s.peer().port()).toList());

            // TCP has no CLOSE_WAIT timeout: a fresh look still finds every leaked socket.
            assertThat(lab.snapshot(LabRole.SERVER).inState(TcpState.CLOSE_WAIT))
                    .extracting(KernelSocket::peer).extracting(Endpoint::port)
                    .containsExactlyInAnyOrderElementsOf(clientPorts);

            // On the wire at the server vantage: each connection's SYN and client FIN, and no FIN from the server.
            List<PcapTcpFlags.Segment> wire = PcapTcpFlags.read(run.captures().get(Vantage.SERVER));
            List<PcapTcpFlags.Segment> leak = wire.stream()
                    .filter(s -> s.dstPort() == LabAddresses.PORT_NEVER_CLOSE || s.srcPort() == LabAddresses.PORT_NEVER_CLOSE)
                    .toList();
            assertThat(leak.stream().filter(s -> s.has(PcapTcpFlags.Segment.SYN) && s.dstPort() == LabAddresses.PORT_NEVER_CLOSE))
                    .extracting(PcapTcpFlags.Segment::srcPort).containsExactlyInAnyOrderElementsOf(clientPorts);
            assertThat(leak.stream().filter(s -> s.has(PcapTcpFlags.Segment.FIN) && s.dstPort() == LabAddresses.PORT_NEVER_CLOSE))
                    .extracting(PcapTcpFlags.Segment::srcPort).containsExactlyInAnyOrderElementsOf(clientPorts);
            assertThat(leak).noneMatch(s -> s.has(PcapTcpFlags.Segment.FIN) && s.srcPort() == LabAddresses.PORT_NEVER_CLOSE);
            assertThat(PcapTcpFlags.read(run.captures().get(Vantage.CLIENT)))
                    .filteredOn(s -> s.has(PcapTcpFlags.Segment.SYN) && !s.has(0x10) && s.dstPort() == LabAddresses.PORT_NEVER_CLOSE)
                    .hasSize(POOL);
        }
        assertThat(RUNNER.check(QUICK, "ip", "netns", "list").stdout()).doesNotContain(prefix + "-");
    }

    @Test
    void teardownRemovesTheNamespacesAndIsIdempotent() {
        String prefix = uniquePrefix() + "t";
        LabNetwork lab = LabNetwork.create(prefix, RUNNER, scripts);
        assertThat(RUNNER.check(QUICK, "ip", "netns", "list").stdout()).contains(prefix + "-client", prefix + "-fw", prefix + "-server");

        lab.close();
        lab.close();

        assertThat(RUNNER.check(QUICK, "ip", "netns", "list").stdout()).doesNotContain(prefix + "-");
    }
}
