package dev.synscope.streams.anomaly;

import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.Severity;

/** Severity and plain-language likely cause of each anomaly type (docs/tcp-semantics.md, "Anomalies"). */
public final class AnomalyCatalog {

    private AnomalyCatalog() {
    }

    public static Severity severity(AnomalyType type) {
        return switch (type) {
            case SYN_FLOOD, CLOSE_WAIT_LEAK -> Severity.CRITICAL;
            case CONNECT_TIMEOUT, HOST_UNREACHABLE, NET_UNREACHABLE, HALF_OPEN, SEQUENCE_MISMATCH,
                    CLOSE_WAIT_STUCK -> Severity.MAJOR;
            case PORT_UNREACHABLE, ADMIN_PROHIBITED, CONNECTION_REFUSED, RESET_MIDSTREAM, RETRANSMISSION_STORM,
                    ZERO_WINDOW_STALL, ONE_SIDED_FLOW -> Severity.WARNING;
            case OTHER -> Severity.INFO;
        };
    }

    /** Tag of an ICMP error that answered the responder's segment: the way back to the originator failed. */
    public static final String TAG_REVERSE_PATH = "reverse_path";
    /** Tag of a RST whose TTL/hop limit differs from what its sender normally shows. */
    public static final String TAG_MIDDLEBOX_SUSPECTED = "middlebox_suspected";

    /** The likely cause, refined by the event's tags where a tag changes the story. */
    public static String likelyCause(AnomalyType type, java.util.List<String> tags) {
        if (tags.contains(TAG_REVERSE_PATH)) {
            return "The responder's packet back to the originator could not be delivered: the responder cannot "
                    + "reach the originator (a spoofed or vanished client, or no route back).";
        }
        if (tags.contains(TAG_MIDDLEBOX_SUSPECTED) && type == AnomalyType.CONNECTION_REFUSED) {
            return "A RST answered the SYN, but its TTL differs from the server's own packets: a firewall or load "
                    + "balancer on the path probably forged it (REJECT with tcp-reset), the service may be up.";
        }
        return likelyCause(type);
    }

    public static String likelyCause(AnomalyType type) {
        return switch (type) {
            case CONNECT_TIMEOUT -> "The SYN was never answered: a firewall drops it, there is no route in one "
                    + "direction, or the server is down.";
            case HOST_UNREACHABLE -> "No ARP/ND answer for the destination on its subnet: the host is down or the "
                    + "address is wrong.";
            case NET_UNREACHABLE -> "A router on the path has no route to the destination network.";
            case PORT_UNREACHABLE -> "The destination answered with ICMP port unreachable: nothing listens there, "
                    + "or a filter rejects it.";
            case ADMIN_PROHIBITED -> "A filter (firewall, ACL) on the path rejected the connection.";
            case CONNECTION_REFUSED -> "The server answered the SYN with a RST: the service is down or not "
                    + "listening on that port.";
            case HALF_OPEN -> "The server answered the SYN but the client's final ACK never arrived: the server "
                    + "cannot route back to the client, an asymmetric path, or spoofed SYNs.";
            case SYN_FLOOD -> "Many handshakes to one endpoint never completed: a SYN flood (DoS) or a client "
                    + "population that cannot reach it.";
            case SEQUENCE_MISMATCH -> "Sequence numbers do not match between the two sides: asymmetric routing "
                    + "through a sequence-randomizing firewall, or state that went stale on a middlebox.";
            case ONE_SIDED_FLOW -> "Traffic is seen in one direction only: asymmetric routing, the probe sees "
                    + "half of the path.";
            case RESET_MIDSTREAM -> "An established connection was aborted by a RST: the application aborted it, "
                    + "or a middlebox idle-timeout killed it.";
            case RETRANSMISSION_STORM -> "Many segments were retransmitted: packet loss or congestion on the path.";
            case ZERO_WINDOW_STALL -> "The receiver advertised a zero window for a long time: a slow or stuck "
                    + "receiving application.";
            case CLOSE_WAIT_STUCK -> "The peer closed but this endpoint's application never called close(): a "
                    + "leak that exhausts connection pools.";
            case CLOSE_WAIT_LEAK -> "Many connections of this endpoint sit in CLOSE_WAIT: the application leaks "
                    + "sockets and will exhaust its pools or file descriptors.";
            case OTHER -> "Unclassified condition.";
        };
    }
}
