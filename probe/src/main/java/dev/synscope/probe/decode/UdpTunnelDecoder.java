package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.WireBytes.u16;
import static dev.synscope.probe.decode.WireBytes.u8;

/**
 * UDP-borne tunnels, recognised by their IANA port at either end of the UDP header (as Zeek does,
 * so the return direction of a flow is opened too):
 *
 * <pre>
 * UDP (RFC 768):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |   0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |   4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * VXLAN 4789 (and Linux's pre-IANA 8472), Geneve 6081, GRE-in-UDP 4754, GTP-U 2152, Teredo 3544,
 * AYIYA 5072. A port match is only a guess: a header that does not look like the tunnel (VXLAN
 * without its I flag, Geneve or GRE with an unknown version, a GTP message that is not a G-PDU, an
 * AYIYA opcode other than forward, Teredo without an exact IPv6 packet) is treated as ordinary UDP
 * ({@code not_tcp}), not as a broken tunnel. A header cut by the capture is {@code truncated_tunnel}.
 */
final class UdpTunnelDecoder {

    static final int UDP_HEADER = 8;

    static final int PORT_VXLAN = 4789;
    static final int PORT_VXLAN_LINUX = 8472;
    static final int PORT_GENEVE = 6081;
    static final int PORT_GTP_U = 2152;
    static final int PORT_TEREDO = 3544;
    static final int PORT_AYIYA = 5072;

    static final int VXLAN_HEADER = 8;
    private static final int VXLAN_FLAG_I = 0x08;
    static final int GENEVE_HEADER = 8;
    static final int GTP_HEADER = 8;
    private static final int GTP_OPTIONAL = 4;
    private static final int GTP_G_PDU = 0xFF;
    private static final int TEREDO_ORIGIN = 8;
    private static final int TEREDO_AUTH_MIN = 13;
    static final int AYIYA_HEADER = 8;
    private static final int AYIYA_OPCODE_FORWARD = 1;

    private UdpTunnelDecoder() {
    }

    static SkipReason decode(byte[] b, FrameCursor c, DecodedHeader out) {
        int p = c.l4Offset;
        int end = Math.min(c.capEnd, c.ipEnd);
        if (end - p < UDP_HEADER) {
            return null; // not even the ports: plain (damaged) UDP, counted not_tcp
        }
        int src = u16(b, p);
        int dst = u16(b, p + 2);
        int port = tunnelPort(dst) ? dst : tunnelPort(src) ? src : -1;
        int payload = p + UDP_HEADER;
        // the UDP datagram's own end: its length field, if sane, else the IP packet's
        int udpLength = u16(b, p + 4);
        int datagramEnd = udpLength >= UDP_HEADER && p + udpLength <= c.ipEnd ? p + udpLength : c.ipEnd;
        if (port < 0) {
            // Teredo peers talk on any port pair once the qualification with the server (port 3544) is
            // done, so Teredo is also recognised by its content, as Zeek does: an exact IPv6 packet.
            return teredo(b, c, payload, datagramEnd, false);
        }
        TunnelDecoder.narrowToOuterPacket(c);
        switch (port) {
            case PORT_VXLAN:
            case PORT_VXLAN_LINUX:
                return vxlan(b, c, payload, out);
            case PORT_GENEVE:
                return geneve(b, c, payload, out);
            case GreDecoder.UDP_PORT:
                return GreDecoder.decode(b, c, payload, out, true);
            case PORT_GTP_U:
                return gtpU(b, c, payload);
            case PORT_TEREDO:
                return teredo(b, c, payload, datagramEnd, true);
            default:
                return ayiya(b, c, payload);
        }
    }

    private static boolean tunnelPort(int port) {
        return port == PORT_VXLAN || port == PORT_VXLAN_LINUX || port == PORT_GENEVE || port == GreDecoder.UDP_PORT
                || port == PORT_GTP_U || port == PORT_TEREDO || port == PORT_AYIYA;
    }

    /*
     * VXLAN (RFC 7348), then an Ethernet frame:
     *
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |R|R|R|R|I|R|R|R|            Reserved                           |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |                VXLAN Network Identifier (VNI) |   Reserved    |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     */
    private static SkipReason vxlan(byte[] b, FrameCursor c, int p, DecodedHeader out) {
        if (c.capEnd - p < VXLAN_HEADER) {
            return SkipReason.TRUNCATED_TUNNEL;
        }
        if ((u8(b, p) & VXLAN_FLAG_I) == 0) {
            return null; // not VXLAN after all
        }
        TunnelDecoder.enter(c, p + VXLAN_HEADER);
        return LinkLayerDecoder.ethernet(b, c, out);
    }

    /*
     * Geneve (RFC 8926):
     *
     *  0                   1                   2                   3
     *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |        Virtual Network Identifier (VNI)       |    Reserved   |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |                    Variable-Length Options (Opt Len * 4)      |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * Opt Len covers all options, so they are skipped as one block (no option walk needed).
     * Protocol Type is an EtherType: 0x6558 an Ethernet frame, else e.g. 0x0800 / 0x86DD directly.
     */
    private static SkipReason geneve(byte[] b, FrameCursor c, int p, DecodedHeader out) {
        if (c.capEnd - p < GENEVE_HEADER) {
            return SkipReason.TRUNCATED_TUNNEL;
        }
        int first = u8(b, p);
        if (first >>> 6 != 0) {
            return null; // only version 0 exists: not Geneve
        }
        int header = GENEVE_HEADER + (first & 0x3F) * 4;
        if (c.capEnd - p < header) {
            return SkipReason.TRUNCATED_TUNNEL;
        }
        int protocol = u16(b, p + 2);
        TunnelDecoder.enter(c, p + header);
        if (protocol == GreDecoder.PROTO_TEB) {
            return LinkLayerDecoder.ethernet(b, c, out);
        }
        return LinkLayerDecoder.etherType(b, c, out, protocol);
    }

    /*
     * GTP-U, GTPv1 user plane (3GPP TS 29.281 section 5):
     *
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * | Ver |P|R|E|S|N| Message Type  |            Length             |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |               Tunnel Endpoint Identifier (TEID)               |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |  Sequence Number (if E|S|N)   |   N-PDU (8)   | Next Ext Type |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * Extension header, repeated while Next Ext Type != 0:
     * | Length (8, in 4-byte words) | contents ...     | Next Ext Type |
     *
     * Version 1 with protocol type 1 (not GTP') and message type 0xFF (G-PDU) carries a user packet
     * (the version nibble tells IPv4 from IPv6); anything else (echo, error indication, GTP-C on the
     * wrong port) is not a tunnelled packet. Each extension header is at least 4 bytes, so the
     * chain walk is bounded by the captured bytes.
     */
    private static SkipReason gtpU(byte[] b, FrameCursor c, int p) {
        if (c.capEnd - p < GTP_HEADER) {
            return SkipReason.TRUNCATED_TUNNEL;
        }
        int flags = u8(b, p);
        if (flags >>> 5 != 1 || (flags & 0x10) == 0 || u8(b, p + 1) != GTP_G_PDU) {
            return null;
        }
        int header = GTP_HEADER;
        if ((flags & 0x07) != 0) {
            header += GTP_OPTIONAL;
            if (c.capEnd - p < header) {
                return SkipReason.TRUNCATED_TUNNEL;
            }
            int next = u8(b, p + header - 1);
            while (next != 0) {
                if (c.capEnd - p < header + 1) {
                    return SkipReason.TRUNCATED_TUNNEL;
                }
                int length = u8(b, p + header) * 4;
                if (length == 0) {
                    return SkipReason.BAD_TUNNEL;
                }
                if (c.capEnd - p < header + length) {
                    return SkipReason.TRUNCATED_TUNNEL;
                }
                next = u8(b, p + header + length - 1);
                header += length;
            }
        }
        TunnelDecoder.enter(c, p + header);
        return null;
    }

    /*
     * Teredo (RFC 4380 section 5.1.1): optional indicators, then an IPv6 packet.
     *
     * Origin indication, 8 bytes:
     * +---------------+---------------+-------------------------------+
     * | 0x00          | 0x00          | obfuscated origin port (16)   |
     * +---------------+---------------+-------------------------------+
     * | obfuscated origin IPv4 address (32)                           |
     * +---------------------------------------------------------------+
     * Authentication, 13 bytes + ID + AU, before any origin indication:
     * | 0x00 | 0x01 | ID-len (8) | AU-len (8) | Client id | Auth value | Nonce (64) | Confirmation (8) |
     *
     * No magic number, so the payload must be exactly one IPv6 packet: version 6, a 40-byte header
     * captured, and 40 + its payload length equal to what is left of the UDP datagram (Zeek's test
     * too). Otherwise it is ordinary UDP (not_tcp), whatever the port; this is what lets Teredo be
     * recognised on any port. Off port 3544 one end must also hold a Teredo address (2001:0::/32,
     * RFC 4380 section 4), which keeps e.g. a 40-byte RPC reply from passing for an empty IPv6
     * packet. Bubbles (IPv6 with no next header) end as not_tcp.
     */
    private static SkipReason teredo(byte[] b, FrameCursor c, int p, int datagramEnd, boolean onTeredoPort) {
        int end = Math.min(c.capEnd, datagramEnd);
        if (end - p >= 4 && u8(b, p) == 0 && u8(b, p + 1) == 1) {
            p += TEREDO_AUTH_MIN + u8(b, p + 2) + u8(b, p + 3);
        }
        if (end - p >= 2 && u8(b, p) == 0 && u8(b, p + 1) == 0) {
            p += TEREDO_ORIGIN;
        }
        if (end - p < Ipv6Decoder.HEADER || u8(b, p) >>> 4 != 6
                || Ipv6Decoder.HEADER + u16(b, p + 4) != datagramEnd - p) {
            return null;
        }
        if (!onTeredoPort && !teredoAddress(b, p + 8) && !teredoAddress(b, p + 24)) {
            return null;
        }
        TunnelDecoder.narrowToOuterPacket(c);
        TunnelDecoder.enter(c, p);
        c.networkHint = 6;
        return null;
    }

    /** The Teredo prefix 2001:0000::/32 (the 40-byte header was checked as captured). */
    private static boolean teredoAddress(byte[] b, int at) {
        return u16(b, at) == 0x2001 && u16(b, at + 2) == 0;
    }

    /*
     * AYIYA, "Anything In Anything" (draft-massar-v6ops-ayiya, SixXS):
     *
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * | IDLen | IDType| SigLen|HshMeth|AutMeth| OpCode|  Next Header  |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |                          Epoch Time                           |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |              Identity (2^IDLen bytes) ...                     |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |              Signature (SigLen * 4 bytes) ...                 |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * Only OpCode 1 (forward) with Next Header 4 or 41 carries an IP packet. IDLen up to 15 means an
     * identity up to 32 KiB: the length is checked against the captured bytes like any other.
     */
    private static SkipReason ayiya(byte[] b, FrameCursor c, int p) {
        if (c.capEnd - p < AYIYA_HEADER) {
            return SkipReason.TRUNCATED_TUNNEL;
        }
        int next = u8(b, p + 3);
        if ((u8(b, p + 2) & 0x0F) != AYIYA_OPCODE_FORWARD
                || (next != TunnelDecoder.PROTOCOL_IPIP && next != TunnelDecoder.PROTOCOL_IPV6)) {
            return null;
        }
        int header = AYIYA_HEADER + (1 << (u8(b, p) >>> 4)) + (u8(b, p + 1) >>> 4) * 4;
        if (c.capEnd - p < header) {
            return SkipReason.TRUNCATED_TUNNEL;
        }
        TunnelDecoder.enter(c, p + header);
        c.networkHint = next == TunnelDecoder.PROTOCOL_IPIP ? 4 : 6;
        return null;
    }
}
