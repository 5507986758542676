package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.WireBytes.u16;
import static dev.synscope.probe.decode.WireBytes.u8;

/**
 * GRE (RFC 2784, key and sequence number RFC 2890; version 1 "enhanced GRE" of PPTP, RFC 2637), over
 * IP protocol 47 or UDP port 4754 (RFC 8086), and what it carries.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |   0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Checksum (optional)      |       Offset (optional)       |   C or R set
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Key (optional; PPTP: payload length + call id)         |   K set
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Sequence Number (optional)                    |   S set
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Acknowledgment Number (optional, version 1 only)       |   A set
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Protocol types followed: IPv4 0x0800, IPv6 0x86DD, Transparent Ethernet Bridging 0x6558, MPLS
 * 0x8847/0x8848, ERSPAN type I/II 0x88BE and type III 0x22EB (then a mirrored Ethernet frame), PPP
 * 0x880B (PPTP), Aruba's 0x8200-0x8300 (an 802.11 frame from an access point). Source routing (R,
 * deprecated by RFC 2784) and versions above 1 are {@code bad_tunnel}; other protocol types
 * ({@code not_ip}).
 */
final class GreDecoder {

    static final int UDP_PORT = 4754;

    static final int PROTO_IPV4 = 0x0800;
    static final int PROTO_IPV6 = 0x86DD;
    static final int PROTO_TEB = 0x6558;
    static final int PROTO_ERSPAN_I_II = 0x88BE;
    static final int PROTO_ERSPAN_III = 0x22EB;
    static final int PROTO_PPP = 0x880B;
    static final int PROTO_ARUBA_FIRST = 0x8200;
    static final int PROTO_ARUBA_LAST = 0x8300;

    private static final int FLAG_CHECKSUM = 0x8000;
    private static final int FLAG_ROUTING = 0x4000;
    private static final int FLAG_KEY = 0x2000;
    private static final int FLAG_SEQUENCE = 0x1000;
    private static final int FLAG_ACK = 0x0080;
    private static final int VERSION_MASK = 0x0007;

    static final int BASE_HEADER = 4;
    static final int ERSPAN_II_HEADER = 8;
    static final int ERSPAN_III_HEADER = 12;
    static final int ERSPAN_III_PLATFORM_SUBHEADER = 8;

    private GreDecoder() {
    }

    /**
     * GRE header at {@code p} (captured bytes already narrowed to the outer packet). Over UDP the
     * port was only a guess, so an impossible header there means "not GRE" (null, no inner packet:
     * plain UDP) rather than {@code bad_tunnel}.
     */
    static SkipReason decode(byte[] b, FrameCursor c, int p, DecodedHeader out, boolean overUdp) {
        if (c.capEnd - p < BASE_HEADER) {
            return SkipReason.TRUNCATED_TUNNEL;
        }
        int flags = u16(b, p);
        int protocol = u16(b, p + 2);
        int version = flags & VERSION_MASK;
        if ((flags & FLAG_ROUTING) != 0 || version > 1) {
            return overUdp ? null : SkipReason.BAD_TUNNEL;
        }
        int header = BASE_HEADER;
        if ((flags & FLAG_CHECKSUM) != 0) {
            header += 4;
        }
        if ((flags & FLAG_KEY) != 0) {
            header += 4;
        }
        if ((flags & FLAG_SEQUENCE) != 0) {
            header += 4;
        }
        if (version == 1) {
            // PPTP: key mandatory, payload PPP only
            if ((flags & FLAG_KEY) == 0 || protocol != PROTO_PPP) {
                return overUdp ? null : SkipReason.BAD_TUNNEL;
            }
            if ((flags & FLAG_ACK) != 0) {
                header += 4;
            }
        }
        if (c.capEnd - p < header) {
            return SkipReason.TRUNCATED_TUNNEL;
        }
        int inner = p + header;
        switch (protocol) {
            case PROTO_IPV4:
                TunnelDecoder.enter(c, inner);
                c.networkHint = 4;
                return null;
            case PROTO_IPV6:
                TunnelDecoder.enter(c, inner);
                c.networkHint = 6;
                return null;
            case PROTO_TEB:
                TunnelDecoder.enter(c, inner);
                return LinkLayerDecoder.ethernet(b, c, out);
            case PROTO_ERSPAN_I_II:
                return erspanTypeOneOrTwo(b, c, inner, (flags & FLAG_SEQUENCE) != 0, out);
            case PROTO_ERSPAN_III:
                return erspanTypeThree(b, c, inner, out);
            case PROTO_PPP:
                TunnelDecoder.enter(c, inner);
                return LinkLayerDecoder.ppp(b, c, out);
            default:
                if (protocol >= PROTO_ARUBA_FIRST && protocol <= PROTO_ARUBA_LAST) {
                    TunnelDecoder.enter(c, inner);
                    return LinkLayerDecoder.ieee80211(b, c, out);
                }
                // MPLS, and whatever else names an EtherType (ARP, ...: not_ip)
                TunnelDecoder.enter(c, inner);
                return LinkLayerDecoder.etherType(b, c, out, protocol);
        }
    }

    /*
     * ERSPAN type I: no header of its own, GRE without a sequence number, then the mirrored frame.
     * ERSPAN type II (GRE sequence number present), 8 bytes:
     *
     *  0                   1                   2                   3
     *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |  Ver  |          VLAN         | COS | En|T|    Session ID     |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |      Reserved         |                  Index                |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * then an Ethernet frame.
     */
    private static SkipReason erspanTypeOneOrTwo(byte[] b, FrameCursor c, int p, boolean typeTwo,
            DecodedHeader out) {
        int header = typeTwo ? ERSPAN_II_HEADER : 0;
        if (c.capEnd - p < header) {
            return SkipReason.TRUNCATED_TUNNEL;
        }
        TunnelDecoder.enter(c, p + header);
        return LinkLayerDecoder.ethernet(b, c, out);
    }

    /*
     * ERSPAN type III, 12 bytes (+ 8 when O is set):
     *
     *  0                   1                   2                   3
     *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |  Ver  |          VLAN         | COS |BSO|T|     Session ID    |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |                          Timestamp                            |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |             SGT               |P|    FT   |   Hw ID   |D|Gra|O|
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |        Platform Specific SubHeader (8, when O) ...            |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * then the mirrored frame: FT 0 = Ethernet (the only frame type followed; FT 2 = IP is not).
     */
    private static SkipReason erspanTypeThree(byte[] b, FrameCursor c, int p, DecodedHeader out) {
        if (c.capEnd - p < ERSPAN_III_HEADER) {
            return SkipReason.TRUNCATED_TUNNEL;
        }
        int word = u16(b, p + 10);
        int header = ERSPAN_III_HEADER + ((word & 0x0001) != 0 ? ERSPAN_III_PLATFORM_SUBHEADER : 0);
        int frameType = (u8(b, p + 10) >>> 2) & 0x1F;
        if (frameType != 0) {
            return SkipReason.BAD_TUNNEL;
        }
        if (c.capEnd - p < header) {
            return SkipReason.TRUNCATED_TUNNEL;
        }
        TunnelDecoder.enter(c, p + header);
        return LinkLayerDecoder.ethernet(b, c, out);
    }
}
