package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.WireBytes.u16;

/**
 * The TCP checksum (RFC 9293 3.1, RFC 8200 8.1) of a segment as it was captured. Only a segment
 * captured whole can be checked, as Zeek does ({@code caplen >= len}): with a header-sized snaplen that
 * still covers SYNs, pure ACKs and RSTs, which carry no payload.
 *
 * <pre>
 * IPv4 pseudo-header: source (4) | destination (4) | zero (1) | protocol 6 (1) | TCP length (2)
 * IPv6 pseudo-header: source (16) | destination (16) | TCP length (4) | zero (3) | next header 6 (1)
 * </pre>
 *
 * The one's-complement sum of pseudo-header and segment (checksum field included) is 0xFFFF when the
 * checksum is right. The sum is taken 16 bits at a time in an int, folded once at the end: a segment of
 * at most 65,535 bytes adds at most 32,768 words of 0xFFFF, far below an int's range.
 */
final class TcpChecksum {

    static final int GOOD = 0;
    static final int BAD = 1;
    /** Not all of the segment was captured (snaplen), so it cannot be checked. */
    static final int UNVERIFIABLE = 2;

    private static final int IPV4_SOURCE = 12;
    private static final int IPV6_SOURCE = 8;

    private TcpChecksum() {
    }

    /**
     * Checks the segment at {@code b[l4Offset, l4Offset + tcpLength)} whose IP header starts at
     * {@code ipOffset} (version {@code ipVersion}); {@code capEnd} is where the captured bytes end.
     */
    static int verify(byte[] b, int ipVersion, int ipOffset, int l4Offset, int tcpLength, int capEnd) {
        if (tcpLength < TcpDecoder.MIN_HEADER || l4Offset + tcpLength > capEnd) {
            return UNVERIFIABLE;
        }
        int sum;
        if (ipVersion == 4) {
            sum = words(b, ipOffset + IPV4_SOURCE, 8) + TcpDecoder.PROTOCOL + tcpLength;
        } else {
            sum = words(b, ipOffset + IPV6_SOURCE, 32) + (tcpLength >>> 16) + (tcpLength & 0xFFFF)
                    + TcpDecoder.PROTOCOL;
        }
        sum += words(b, l4Offset, tcpLength);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum == 0xFFFF ? GOOD : BAD;
    }

    /** Sum of the big-endian 16-bit words of {@code b[from, from + length)}, an odd last byte padded with zero. */
    private static int words(byte[] b, int from, int length) {
        int sum = 0;
        int end = from + (length & ~1);
        for (int i = from; i < end; i += 2) {
            sum += u16(b, i);
        }
        if ((length & 1) != 0) {
            sum += (b[end] & 0xFF) << 8;
        }
        return sum;
    }
}
