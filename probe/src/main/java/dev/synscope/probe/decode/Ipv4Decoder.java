package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.WireBytes.u16;
import static dev.synscope.probe.decode.WireBytes.u8;

/**
 * IPv4 header (RFC 791): validates lengths, copies addresses / TTL / id, and locates the transport
 * header. Sizes come from the header's own length fields, never from the captured length.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |   0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |   4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |   8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |  12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |  16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL > 5)          |    Padding    |  20
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class Ipv4Decoder {

    static final int MIN_HEADER = 20;
    static final int ADDRESS_LENGTH = 4;
    private static final int MIN_IHL_WORDS = 5;
    /** Fragment offset: low 13 bits of bytes 6-7, in 8-byte units. */
    private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    private static final int MORE_FRAGMENTS = 0x2000;

    private Ipv4Decoder() {
    }

    /**
     * Decodes the IPv4 header at {@code c.pos}. On success fills addresses, TTL, id and IP length in
     * {@code out}, sets {@code c.l4Protocol}, {@code c.l4Offset} and {@code c.ipEnd}, and returns null.
     */
    static SkipReason decode(byte[] b, FrameCursor c, DecodedHeader out) {
        int p = c.pos;
        c.ipOffset = p;
        if (c.capEnd - p < MIN_HEADER) {
            return SkipReason.TRUNCATED_IP;
        }
        int versionIhl = u8(b, p);
        if (versionIhl >>> 4 != 4) {
            return SkipReason.BAD_IP_VERSION;
        }
        int headerLength = (versionIhl & 0x0F) * 4;
        int totalLength = u16(b, p + 2);
        if (headerLength < MIN_IHL_WORDS * 4) {
            return SkipReason.BAD_IHL;
        }
        if (totalLength < MIN_HEADER) {
            // Includes 0, which some TSO/LSO capture paths write: we refuse to guess from captured length.
            return SkipReason.BAD_IP_LENGTH;
        }
        if (headerLength > totalLength) {
            return SkipReason.BAD_IHL;
        }
        if (c.capEnd - p < headerLength) {
            return SkipReason.TRUNCATED_IP;
        }
        int fragment = u16(b, p + 6);
        if ((fragment & FRAGMENT_OFFSET_MASK) != 0) {
            return SkipReason.LATER_FRAGMENT;
        }
        // A first fragment (offset 0, MF) is decoded: it holds the transport header. Its total
        // length covers this fragment only; see TcpDecoder for what that means for the segment.
        c.moreFragments = (fragment & MORE_FRAGMENTS) != 0;
        out.ipVersion = 4;
        out.ipLength = totalLength;
        out.ipId = u16(b, p + 4);
        out.ttl = u8(b, p + 8);
        out.addrLength = ADDRESS_LENGTH;
        System.arraycopy(b, p + 12, out.srcAddr, 0, ADDRESS_LENGTH);
        System.arraycopy(b, p + 16, out.dstAddr, 0, ADDRESS_LENGTH);
        c.l4Protocol = u8(b, p + 9);
        c.l4Offset = p + headerLength;
        c.ipEnd = p + totalLength;
        return null;
    }
}
