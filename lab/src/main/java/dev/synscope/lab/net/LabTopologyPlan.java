package dev.synscope.lab.net;

import static dev.synscope.lab.net.LabAddresses.CLIENT_IP;
import static dev.synscope.lab.net.LabAddresses.DNAT_PORTS;
import static dev.synscope.lab.net.LabAddresses.FW_CLIENT_IP;
import static dev.synscope.lab.net.LabAddresses.FW_SERVER_IP;
import static dev.synscope.lab.net.LabAddresses.PORT_DROPPED;
import static dev.synscope.lab.net.LabAddresses.PORT_REJECTED;
import static dev.synscope.lab.net.LabAddresses.SERVER_ALT_IP;
import static dev.synscope.lab.net.LabAddresses.SERVER_IP;
import static dev.synscope.lab.net.LabAddresses.VIP;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands that build the lab, in order, as plain data (so a test can check them without
 * root). Same topology as {@code lab/lib/topology.sh}; see the picture there.
 *
 * <pre>
 *  client veth-c 192.0.2.10 ── veth-cb ─[fw br-c 192.0.2.1]   [fw veth-fs 198.51.100.1] ── veth-s 198.51.100.10 server
 *                                veth-s2b ─[br-c] ─────────────────────────────────────── veth-s2 192.0.2.20 (down)
 *  fw lo: 203.0.113.80 (VIP, DNAT to the server)
 * </pre>
 */
public final class LabTopologyPlan {

    private final String client;
    private final String firewall;
    private final String server;

    public LabTopologyPlan(String prefix) {
        this.client = LabRole.CLIENT.namespace(prefix);
        this.firewall = LabRole.FIREWALL.namespace(prefix);
        this.server = LabRole.SERVER.namespace(prefix);
    }

    /** Every command, in the order they must run. */
    public List<List<String>> commands() {
        List<List<String>> cmds = new ArrayList<>();
        for (String ns : List.of(client, firewall, server)) {
            cmds.add(List.of("ip", "netns", "add", ns));
        }
        for (String ns : List.of(client, firewall, server)) {
            cmds.add(in(ns, "ip", "link", "set", "lo", "up"));
            // IPv4 lab: no IPv6 router solicitations or MLD reports in the captures.
            cmds.add(in(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                    "net.ipv6.conf.default.disable_ipv6=1"));
        }
        cmds.add(List.of("ip", "link", "add", "veth-c", "netns", client, "type", "veth",
                "peer", "name", "veth-cb", "netns", firewall));
        cmds.add(List.of("ip", "link", "add", "veth-fs", "netns", firewall, "type", "veth",
                "peer", "name", "veth-s", "netns", server));
        cmds.add(List.of("ip", "link", "add", "veth-s2", "netns", server, "type", "veth",
                "peer", "name", "veth-s2b", "netns", firewall));

        cmds.add(in(firewall, "ip", "link", "add", "br-c", "type", "bridge"));
        cmds.add(in(firewall, "ip", "link", "set", "veth-cb", "master", "br-c"));
        cmds.add(in(firewall, "ip", "link", "set", "veth-s2b", "master", "br-c"));
        cmds.add(in(firewall, "ip", "addr", "add", FW_CLIENT_IP + "/24", "dev", "br-c"));
        cmds.add(in(firewall, "ip", "addr", "add", FW_SERVER_IP + "/24", "dev", "veth-fs"));
        cmds.add(in(firewall, "ip", "addr", "add", VIP + "/32", "dev", "lo"));
        for (String dev : List.of("br-c", "veth-cb", "veth-s2b", "veth-fs")) {
            cmds.add(in(firewall, "ip", "link", "set", dev, "up"));
        }
        cmds.add(in(firewall, "sysctl", "-qw", "net.ipv4.ip_forward=1"));

        cmds.add(in(client, "ip", "addr", "add", CLIENT_IP + "/24", "dev", "veth-c"));
        cmds.add(in(client, "ip", "link", "set", "veth-c", "up"));
        cmds.add(in(client, "ip", "route", "add", "default", "via", FW_CLIENT_IP));

        cmds.add(in(server, "ip", "addr", "add", SERVER_IP + "/24", "dev", "veth-s"));
        cmds.add(in(server, "ip", "addr", "add", SERVER_ALT_IP + "/24", "dev", "veth-s2"));
        cmds.add(in(server, "ip", "link", "set", "veth-s", "up"));
        cmds.add(in(server, "ip", "link", "set", "veth-s2", "down"));
        cmds.add(in(server, "ip", "route", "add", "default", "via", FW_SERVER_IP));

        for (int port : DNAT_PORTS) {
            cmds.add(in(firewall, "iptables", "-t", "nat", "-A", "PREROUTING", "-d", VIP, "-p", "tcp",
                    "--dport", Integer.toString(port), "-j", "DNAT", "--to-destination", SERVER_IP + ":" + port));
        }
        cmds.add(in(firewall, "iptables", "-A", "FORWARD", "-d", SERVER_IP, "-p", "tcp",
                "--dport", Integer.toString(PORT_DROPPED), "-j", "DROP"));
        // Rejected in INPUT on the VIP: a REJECT in FORWARD after DNAT is not un-NATed (see topology.sh).
        cmds.add(in(firewall, "iptables", "-A", "INPUT", "-d", VIP, "-p", "tcp",
                "--dport", Integer.toString(PORT_REJECTED), "-j", "REJECT", "--reject-with", "tcp-reset"));
        return List.copyOf(cmds);
    }

    /**
     * Commands that may fail without harm: the bridge netfilter switch (absent where br_netfilter is
     * not loaded) and TX checksum offload (needs the lab's python helper).
     */
    public List<List<String>> bestEffortCommands(String python, String txChecksumOffScript) {
        return List.of(
                // br-c must be a plain switch: with br_netfilter, conntrack would un-NAT the
                // asymmetric scenario's direct reply.
                in(firewall, "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=0",
                        "net.bridge.bridge-nf-call-arptables=0"),
                in(client, python, txChecksumOffScript, "veth-c"),
                in(firewall, python, txChecksumOffScript, "veth-cb", "veth-s2b", "veth-fs", "br-c"),
                in(server, python, txChecksumOffScript, "veth-s", "veth-s2"));
    }

    static List<String> in(String ns, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        return List.copyOf(cmd);
    }
}
