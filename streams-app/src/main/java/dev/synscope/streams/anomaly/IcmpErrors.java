package dev.synscope.streams.anomaly;

import dev.synscope.schema.AnomalyType;

/**
 * Maps an ICMP (RFC 792, RFC 1122 3.2.2.1, RFC 1812) or ICMPv6 (RFC 4443 3.1) destination-unreachable
 * type/code to an anomaly type. Other errors (time exceeded, ...) are OTHER.
 */
public final class IcmpErrors {

    private IcmpErrors() {
    }

    public static AnomalyType classify(int ipVersion, int type, int code) {
        if (ipVersion == 6) {
            if (type != 1) {
                return AnomalyType.OTHER;
            }
            return switch (code) {
                case 0 -> AnomalyType.NET_UNREACHABLE;           // no route to destination
                case 1, 5, 6 -> AnomalyType.ADMIN_PROHIBITED;    // prohibited, ingress/egress policy, reject route
                case 3 -> AnomalyType.HOST_UNREACHABLE;          // address unreachable (no ND answer)
                case 4 -> AnomalyType.PORT_UNREACHABLE;
                default -> AnomalyType.OTHER;
            };
        }
        if (type != 3) {
            return AnomalyType.OTHER;
        }
        return switch (code) {
            case 0, 6, 11 -> AnomalyType.NET_UNREACHABLE;        // net unreachable, unknown, for TOS
            case 1, 7, 12 -> AnomalyType.HOST_UNREACHABLE;       // host unreachable, unknown, for TOS
            case 3 -> AnomalyType.PORT_UNREACHABLE;
            case 9, 10, 13 -> AnomalyType.ADMIN_PROHIBITED;      // net/host prohibited, communication prohibited
            default -> AnomalyType.OTHER;
        };
    }

    /** e.g. {@code ICMP type 3 code 1 (host unreachable)}. */
    public static String describe(int ipVersion, int type, int code) {
        AnomalyType t = classify(ipVersion, type, code);
        return (ipVersion == 6 ? "ICMPv6" : "ICMP") + " type " + type + " code " + code
                + (t == AnomalyType.OTHER ? "" : " (" + t.name().toLowerCase().replace('_', ' ') + ")");
    }
}
