package dev.synscope.probe.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace joined to the test's namespace by a veth pair, with documentation addresses
 * in a /30 of its own: host side 203.0.113.245, namespace side 203.0.113.246 (this machine's own
 * interface may sit in 192.0.2.0/24, so that range is avoided in the root namespace). Needs root and iproute2; {@link #available()}
 * says whether this machine can do it. Closing deletes the namespace (and with it the veth pair).
 */
public final class NetNamespace implements AutoCloseable {

    public static final String HOST_ADDRESS = "203.0.113.245";
    public static final String NS_ADDRESS = "203.0.113.246";
    private static final String PREFIX = "/30";

    private final String name;
    private final String hostIface;
    private final List<Process> processes = new ArrayList<>();

    private NetNamespace(String name, String hostIface) {
        this.name = name;
        this.hostIface = hostIface;
    }

    /** Why this machine cannot create a namespace, or null if it can. */
    public static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not running as root (network namespaces and live capture need it)";
        }
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "'ip netns' does not work here";
            }
        } catch (IOException e) {
            return "iproute2 ('ip') is not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    public static NetNamespace create(String tag) throws IOException, InterruptedException {
        String suffix = tag + (ProcessHandle.current().pid() % 100000);
        NetNamespace ns = new NetNamespace("ss" + suffix, ("vh" + suffix).substring(0, Math.min(15, 2 + suffix.length())));
        String peer = ("vn" + suffix).substring(0, Math.min(15, 2 + suffix.length()));
        ns.cleanupLeftovers();
        ns.run("ip", "netns", "add", ns.name);
        ns.run("ip", "link", "add", ns.hostIface, "type", "veth", "peer", "name", peer);
        ns.run("ip", "link", "set", peer, "netns", ns.name);
        ns.run("ip", "addr", "add", HOST_ADDRESS + PREFIX, "dev", ns.hostIface);
        ns.run("ip", "link", "set", ns.hostIface, "up");
        ns.run("ip", "netns", "exec", ns.name, "ip", "addr", "add", NS_ADDRESS + PREFIX, "dev", peer);
        ns.run("ip", "netns", "exec", ns.name, "ip", "link", "set", peer, "up");
        ns.run("ip", "netns", "exec", ns.name, "ip", "link", "set", "lo", "up");
        return ns;
    }

    /** Interface on the test's side of the veth pair. */
    public String hostIface() {
        return hostIface;
    }

    public String name() {
        return name;
    }

    /** Starts a long-running process inside the namespace; it is killed on close. */
    public Process start(String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return p;
    }

    /** Runs a command to completion (60 s at most) and fails if it fails. */
    public String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private void cleanupLeftovers() {
        try {
            new ProcessBuilder("ip", "netns", "del", name).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            new ProcessBuilder("ip", "link", "del", hostIface).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to clean
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        cleanupLeftovers();
    }
}
