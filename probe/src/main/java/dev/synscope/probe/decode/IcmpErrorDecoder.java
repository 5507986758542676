package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.WireBytes.u16;
import static dev.synscope.probe.decode.WireBytes.u8;

import dev.synscope.schema.ObservationKind;

/**
 * ICMP (RFC 792) destination-unreachable (3) / time-exceeded (11) and ICMPv6 (RFC 4443)
 * destination-unreachable (1) / time-exceeded (3) messages that quote a TCP segment.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |   0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        unused (next-hop MTU for "fragmentation needed")       |   4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Quoted IP header (+ IPv6 extension headers), then at least  |   8
 * |   the first 8 bytes of the TCP header: ports and sequence.    |
 * |   ICMPv4 routers may quote only those 8 bytes (RFC 792);      |
 * |   Linux and ICMPv6 (RFC 4443: "as much as fits") quote more.  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The observation is keyed like the connection: addresses, ports and seq are the quoted segment's,
 * the outer source goes to {@link DecodedHeader#reporterAddr}, TTL / IP length / IP id stay the outer
 * packet's. The quote is bounded by the outer packet's declared length AND the captured bytes; the
 * quoted IP length fields describe the original datagram, not the quote, and are only used to
 * validate the quoted extension-header chain.
 */
final class IcmpErrorDecoder {

    static final int PROTOCOL_ICMP = 1;
    static final int PROTOCOL_ICMPV6 = 58;

    static final int ICMP_DEST_UNREACHABLE = 3;
    static final int ICMP_TIME_EXCEEDED = 11;
    static final int ICMPV6_DEST_UNREACHABLE = 1;
    static final int ICMPV6_TIME_EXCEEDED = 3;

    private static final int ICMP_HEADER = 8;
    private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private IcmpErrorDecoder() {
    }

    /** Outer packet is IPv4 carrying ICMP; {@code out} already holds the outer IP fields. */
    static SkipReason decodeV4(byte[] b, FrameCursor c, DecodedHeader out) {
        int p = c.l4Offset;
        int avail = Math.min(c.ipEnd, c.capEnd);
        if (avail - p < ICMP_HEADER) {
            return SkipReason.TRUNCATED_ICMP;
        }
        int type = u8(b, p);
        if (type != ICMP_DEST_UNREACHABLE && type != ICMP_TIME_EXCEEDED) {
            return SkipReason.NOT_ICMP_ERROR;
        }
        int q = p + ICMP_HEADER;
        if (avail - q < Ipv4Decoder.MIN_HEADER) {
            return SkipReason.TRUNCATED_ICMP;
        }
        int versionIhl = u8(b, q);
        int quotedHeader = (versionIhl & 0x0F) * 4;
        if (versionIhl >>> 4 != 4 || quotedHeader < Ipv4Decoder.MIN_HEADER) {
            return SkipReason.BAD_ICMP_QUOTE;
        }
        if ((u16(b, q + 6) & FRAGMENT_OFFSET_MASK) != 0 || u8(b, q + 9) != TcpDecoder.PROTOCOL) {
            return SkipReason.ICMP_QUOTE_NOT_TCP;
        }
        int t = q + quotedHeader;
        if (avail - t < TcpDecoder.QUOTE_MIN) {
            return SkipReason.TRUNCATED_ICMP;
        }
        reporterFromOuterSource(out);
        System.arraycopy(b, q + 12, out.srcAddr, 0, Ipv4Decoder.ADDRESS_LENGTH);
        System.arraycopy(b, q + 16, out.dstAddr, 0, Ipv4Decoder.ADDRESS_LENGTH);
        quotedTcp(b, t, avail, out);
        out.kind = ObservationKind.ICMP_ERROR;
        out.icmpType = type;
        out.icmpCode = u8(b, p + 1);
        return null;
    }

    /** Outer packet is IPv6 carrying ICMPv6; {@code out} already holds the outer IP fields. */
    static SkipReason decodeV6(byte[] b, FrameCursor c, DecodedHeader out) {
        int p = c.l4Offset;
        int avail = Math.min(c.ipEnd, c.capEnd);
        if (avail - p < ICMP_HEADER) {
            return SkipReason.TRUNCATED_ICMP;
        }
        int type = u8(b, p);
        if (type != ICMPV6_DEST_UNREACHABLE && type != ICMPV6_TIME_EXCEEDED) {
            return SkipReason.NOT_ICMP_ERROR;
        }
        int q = p + ICMP_HEADER;
        if (avail - q < Ipv6Decoder.HEADER) {
            return SkipReason.TRUNCATED_ICMP;
        }
        if (u8(b, q) >>> 4 != 6) {
            return SkipReason.BAD_ICMP_QUOTE;
        }
        int quotedEnd = q + Ipv6Decoder.HEADER + u16(b, q + 4);
        switch (Ipv6ExtensionWalker.walk(b, u8(b, q + 6), q + Ipv6Decoder.HEADER, quotedEnd, avail, c)) {
            case Ipv6ExtensionWalker.OK:
                break;
            case Ipv6ExtensionWalker.TRUNCATED:
                return SkipReason.TRUNCATED_ICMP;
            case Ipv6ExtensionWalker.LATER_FRAGMENT:
                return SkipReason.ICMP_QUOTE_NOT_TCP;
            default:
                return SkipReason.BAD_ICMP_QUOTE;
        }
        if (c.l4Protocol != TcpDecoder.PROTOCOL) {
            return SkipReason.ICMP_QUOTE_NOT_TCP;
        }
        int t = c.l4Offset;
        if (avail - t < TcpDecoder.QUOTE_MIN) {
            return SkipReason.TRUNCATED_ICMP;
        }
        reporterFromOuterSource(out);
        System.arraycopy(b, q + 8, out.srcAddr, 0, Ipv6Decoder.ADDRESS_LENGTH);
        System.arraycopy(b, q + 24, out.dstAddr, 0, Ipv6Decoder.ADDRESS_LENGTH);
        quotedTcp(b, t, avail, out);
        out.kind = ObservationKind.ICMP_ERROR;
        out.icmpType = type;
        out.icmpCode = u8(b, p + 1);
        return null;
    }

    private static void reporterFromOuterSource(DecodedHeader out) {
        System.arraycopy(out.srcAddr, 0, out.reporterAddr, 0, out.addrLength);
        out.reporterAddrLength = out.addrLength;
    }

    /**
     * Ports and seq always (8 bytes checked by the caller); ack, flags, window and options only when
     * the quote holds the whole fixed header. Option faults inside a quote are not counted: the quote
     * is routinely cut by the reporting router, which says nothing about this probe's input.
     */
    private static void quotedTcp(byte[] b, int t, int avail, DecodedHeader out) {
        out.clearOptions();
        out.payloadLength = 0;
        int headerLength = avail - t >= TcpDecoder.MIN_HEADER ? (u8(b, t + 12) >>> 4) * 4 : 0;
        if (headerLength >= TcpDecoder.MIN_HEADER) {
            TcpDecoder.fixedFields(b, t, out);
            out.icmpQuoteFull = true;
            TcpOptionsDecoder.decode(b, t + TcpDecoder.MIN_HEADER, t + headerLength, avail, out);
        } else {
            TcpDecoder.quotedPortsAndSeq(b, t, out);
            out.ack = -1;
            out.flags = 0;
            out.window = -1;
            out.icmpQuoteFull = false;
        }
    }
}
