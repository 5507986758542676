package dev.synscope.lab.net;

import static dev.synscope.lab.net.LabAddresses.PORT_HTTP;
import static dev.synscope.lab.net.LabAddresses.PORT_NEVER_CLOSE;
import static dev.synscope.lab.net.LabAddresses.SERVER_IP;

import dev.synscope.lab.exec.CommandResult;
import dev.synscope.lab.exec.CommandRunner;
import dev.synscope.lab.exec.LabCommandException;
import dev.synscope.lab.kernel.KernelSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's three network namespaces (client, firewall with the virtual IP, server), built with
 * {@code ip}/{@code iptables} commands and torn down on {@link #close()}, also when building
 * fails halfway. Processes started in the lab (servers, captures) are stopped before the
 * namespaces are deleted.
 *
 * <p>Needs root. Use a prefix of your own so several labs (a test, a person running
 * {@code lab.sh}) never collide: the namespaces are {@code PREFIX-client}, {@code PREFIX-fw},
 * {@code PREFIX-server}.
 */
public final class LabNetwork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabNetwork.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final long LISTEN_TIMEOUT_MS = 5_000;
    private static final long POLL_MS = 50;
    private static final String PYTHON = "/usr/bin/python3";

    private final String prefix;
    private final CommandRunner runner;
    private final LabScripts scripts;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();

    private LabNetwork(String prefix, CommandRunner runner, LabScripts scripts) {
        this.prefix = prefix;
        this.runner = runner.withEnvironment(Map.of("LAB_PREFIX", prefix));
        this.scripts = scripts;
    }

    /** Builds the lab; on any failure everything created so far is removed and the error rethrown. */
    public static LabNetwork create(String prefix, CommandRunner runner, LabScripts scripts) {
        LabNetwork lab = new LabNetwork(prefix, runner, scripts);
        teardown(prefix, runner); // a lab left over by a killed run
        try {
            LabTopologyPlan plan = new LabTopologyPlan(prefix);
            for (List<String> command : plan.commands()) {
                lab.runner.check(COMMAND_TIMEOUT, command);
            }
            String offScript = scripts.lib("tx_checksum_off.py").toString();
            for (List<String> command : plan.bestEffortCommands(PYTHON, offScript)) {
                CommandResult result = lab.runner.run(COMMAND_TIMEOUT, command);
                if (!result.succeeded()) {
                    LOG.warn("lab: optional step failed ({}): {}", String.join(" ", command), result.stderr().strip());
                }
            }
            LOG.info("lab {} up: namespaces {}, {}, {}", prefix, lab.namespace(LabRole.CLIENT),
                    lab.namespace(LabRole.FIREWALL), lab.namespace(LabRole.SERVER));
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    public String prefix() {
        return prefix;
    }

    public String namespace(LabRole role) {
        return role.namespace(prefix);
    }

    /** A runner whose commands see {@code LAB_PREFIX} (for the lab's shell functions). */
    public CommandRunner runner() {
        return runner;
    }

    public LabScripts scripts() {
        return scripts;
    }

    /** Runs a command inside a namespace and returns whatever it did (any exit code). */
    public CommandResult exec(LabRole role, Duration timeout, String... command) {
        return runner.run(timeout, LabTopologyPlan.in(namespace(role), command));
    }

    /** Starts a background process in a namespace; it is stopped when the lab closes. */
    public Process spawn(LabRole role, Path log, String... command) {
        Process process = runner.start(LabTopologyPlan.in(namespace(role), command), log);
        owned.push(() -> stop(process));
        return process;
    }

    /** Starts the HTTP service (port 80) and the never-closing server (port 9000) in the server namespace. */
    public void startServers(Path logDir) {
        spawn(LabRole.SERVER, logDir.resolve("http-server.log"), PYTHON,
                scripts.lib("http_server.py").toString(), SERVER_IP, Integer.toString(PORT_HTTP));
        spawn(LabRole.SERVER, logDir.resolve("never-close-server.log"), PYTHON,
                scripts.lib("never_close_server.py").toString(), SERVER_IP, Integer.toString(PORT_NEVER_CLOSE));
        awaitListening(LabRole.SERVER, PORT_HTTP);
        awaitListening(LabRole.SERVER, PORT_NEVER_CLOSE);
    }

    /** Captures on a device of a namespace until the returned capture (or the lab) is closed. */
    public PacketCapture capture(LabRole role, String device, Path file) {
        PacketCapture capture = PacketCapture.start(this, role, device, file);
        owned.push(capture);
        return capture;
    }

    public KernelSnapshot snapshot(LabRole role) {
        return KernelSnapshot.take(runner, namespace(role));
    }

    private void awaitListening(LabRole role, int port) {
        long deadline = System.currentTimeMillis() + LISTEN_TIMEOUT_MS;
        List<String> command = LabTopologyPlan.in(namespace(role), "ss", "-tlnH", "sport = :" + port);
        try {
            while (System.currentTimeMillis() < deadline) {
                if (!runner.check(COMMAND_TIMEOUT, command).stdout().isBlank()) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new LabCommandException(command, -1, "nothing listens on port " + port + " in " + namespace(role));
    }

    /** Stops what the lab started, kills anything else left in its namespaces, deletes them. */
    @Override
    public void close() {
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                LOG.warn("lab {}: stopping a process failed: {}", prefix, e.toString());
            }
        }
        teardown(prefix, runner);
        LOG.info("lab {} down", prefix);
    }

    /** Idempotent: removes the namespaces of a prefix and every process still inside them. */
    public static void teardown(String prefix, CommandRunner runner) {
        for (LabRole role : LabRole.values()) {
            String ns = role.namespace(prefix);
            CommandResult pids = runner.run(COMMAND_TIMEOUT, List.of("ip", "netns", "pids", ns));
            if (!pids.succeeded()) {
                continue; // no such namespace
            }
            Arrays.stream(pids.stdout().split("\\s+")).filter(s -> !s.isBlank())
                    .map(Long::parseLong)
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            CommandResult del = runner.run(COMMAND_TIMEOUT, List.of("ip", "netns", "del", ns));
            if (!del.succeeded()) {
                LOG.warn("lab {}: could not delete namespace {}: {}", prefix, ns, del.stderr().strip());
            }
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
