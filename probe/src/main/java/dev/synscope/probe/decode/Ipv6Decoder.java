package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.WireBytes.u16;
import static dev.synscope.probe.decode.WireBytes.u8;

/**
 * IPv6 fixed header (RFC 8200) plus its extension header chain.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |   0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |   4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                         Source Address (16)                   +   8
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                      Destination Address (16)                 +  24
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * A payload length of 0 with a hop-by-hop header (jumbogram, RFC 2675) is not supported: the
 * hop-by-hop header then overflows the declared payload and is counted as {@code bad_ipv6_ext}.
 * Jumbograms cannot occur below a 64 KiB MTU.
 */
final class Ipv6Decoder {

    static final int HEADER = 40;
    static final int ADDRESS_LENGTH = 16;

    private Ipv6Decoder() {
    }

    static SkipReason decode(byte[] b, FrameCursor c, DecodedHeader out) {
        int p = c.pos;
        c.ipOffset = p;
        if (c.capEnd - p < HEADER) {
            return SkipReason.TRUNCATED_IP;
        }
        if (u8(b, p) >>> 4 != 6) {
            return SkipReason.BAD_IP_VERSION;
        }
        int payloadLength = u16(b, p + 4);
        int declaredEnd = p + HEADER + payloadLength;
        switch (Ipv6ExtensionWalker.walk(b, u8(b, p + 6), p + HEADER, declaredEnd, c.capEnd, c)) {
            case Ipv6ExtensionWalker.OK:
                break;
            case Ipv6ExtensionWalker.TRUNCATED:
                return SkipReason.TRUNCATED_IP;
            case Ipv6ExtensionWalker.LATER_FRAGMENT:
                return SkipReason.LATER_FRAGMENT;
            default:
                return SkipReason.BAD_IPV6_EXT;
        }
        out.ipVersion = 6;
        out.ipLength = HEADER + payloadLength;
        out.ipId = -1;
        out.ttl = u8(b, p + 7);
        out.addrLength = ADDRESS_LENGTH;
        System.arraycopy(b, p + 8, out.srcAddr, 0, ADDRESS_LENGTH);
        System.arraycopy(b, p + 24, out.dstAddr, 0, ADDRESS_LENGTH);
        c.ipEnd = declaredEnd;
        return null;
    }
}
