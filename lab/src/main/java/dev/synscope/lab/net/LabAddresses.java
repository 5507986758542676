package dev.synscope.lab.net;

/**
 * The lab's addresses and ports, documentation ranges only (RFC 5737). They must equal the
 * constants in {@code lab/lib/topology.sh} (a unit test compares them), because the shell
 * scenarios run against the namespaces this harness builds.
 */
public final class LabAddresses {

    public static final String CLIENT_IP = "192.0.2.10";
    public static final String FW_CLIENT_IP = "192.0.2.1";
    /** The server's second interface on the client subnet, up only for asymmetric routing. */
    public static final String SERVER_ALT_IP = "192.0.2.20";
    public static final String FW_SERVER_IP = "198.51.100.1";
    public static final String SERVER_IP = "198.51.100.10";
    /** The firewall's virtual IP, DNATed to the server. */
    public static final String VIP = "203.0.113.80";
    public static final String DEAD_SERVER_SIDE_IP = "198.51.100.99";
    public static final String DEAD_CLIENT_SIDE_IP = "192.0.2.99";
    public static final String DEAD_GATEWAY_IP = "198.51.100.254";
    public static final String SPOOFED_FLOOD_SRC = "192.0.2.66";

    public static final int PORT_HTTP = 80;
    public static final int PORT_CLOSED = 81;
    public static final int PORT_DROPPED = 8080;
    public static final int PORT_REJECTED = 8443;
    public static final int PORT_NEVER_CLOSE = 9000;

    /** Ports the firewall DNATs from the VIP to the server (8443 is rejected by the firewall itself). */
    static final int[] DNAT_PORTS = {PORT_HTTP, PORT_CLOSED, PORT_DROPPED, PORT_NEVER_CLOSE};

    private LabAddresses() {
    }
}
