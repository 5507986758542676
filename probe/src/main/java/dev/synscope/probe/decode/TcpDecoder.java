package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.WireBytes.u16;
import static dev.synscope.probe.decode.WireBytes.u32;
import static dev.synscope.probe.decode.WireBytes.u8;

/**
 * TCP header (RFC 9293 section 3.1; NS bit from RFC 3540, ECE/CWR from RFC 3168).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |   0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |   4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |   8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |     |N|C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsv |S|W|C|R|C|S|S|Y|I|            Window             |  12
 * |       |     | |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |  16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |  20
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Flags as one int: byte 13 as on the wire (FIN..CWR = bits 0..7) plus NS (low bit of byte 12) as bit 8.
 */
final class TcpDecoder {

    static final int PROTOCOL = 6;
    static final int MIN_HEADER = 20;
    /** Ports and sequence number: all an ICMP error is guaranteed to quote (RFC 792). */
    static final int QUOTE_MIN = 8;
    private static final int MIN_DATA_OFFSET_WORDS = 5;
    private static final int NS_BIT = 0x01;

    private TcpDecoder() {
    }

    /**
     * Decodes the TCP header at {@code c.l4Offset}, ending (declared) at {@code c.ipEnd}.
     * Option faults are counted in {@code counters} but do not skip the segment.
     */
    static SkipReason decode(byte[] b, FrameCursor c, DecodedHeader out, DecodeCounters counters) {
        int p = c.l4Offset;
        int declared = c.ipEnd - p;
        if (declared < MIN_HEADER) {
            return SkipReason.BAD_IP_LENGTH;
        }
        if (c.capEnd - p < MIN_HEADER) {
            return SkipReason.TRUNCATED_TCP;
        }
        int headerLength = (u8(b, p + 12) >>> 4) * 4;
        int capEnd = c.capEnd;
        if (headerLength < MIN_DATA_OFFSET_WORDS * 4) {
            return SkipReason.BAD_TCP_OFFSET;
        }
        if (headerLength > declared) {
            // A first IP fragment may end inside the options (the rest is in the next fragment):
            // keep the fixed fields and the options it holds, as if the snaplen had cut them.
            if (!c.moreFragments) {
                return SkipReason.BAD_TCP_OFFSET;
            }
            capEnd = Math.min(capEnd, c.ipEnd);
        }
        fixedFields(b, p, out);
        // For a first fragment (c.moreFragments) this is what the fragment carries, not the
        // segment's length: that would need reassembly (Zeek reassembles; we do not keep state).
        out.payloadLength = Math.max(0, declared - headerLength);
        out.clearOptions();
        int status = TcpOptionsDecoder.decode(b, p + MIN_HEADER, p + headerLength, capEnd, out);
        if (status == TcpOptionsDecoder.MALFORMED) {
            counters.skip(SkipReason.BAD_TCP_OPTION);
        } else if (status == TcpOptionsDecoder.TRUNCATED) {
            counters.skip(SkipReason.TRUNCATED_TCP_OPTIONS);
        }
        return null;
    }

    /** Ports and sequence number (first 8 bytes); caller checked 8 bytes are available. */
    static void quotedPortsAndSeq(byte[] b, int p, DecodedHeader out) {
        out.srcPort = u16(b, p);
        out.dstPort = u16(b, p + 2);
        out.seq = u32(b, p + 4);
    }

    /** All fixed fields; caller checked 20 bytes are available. */
    static void fixedFields(byte[] b, int p, DecodedHeader out) {
        quotedPortsAndSeq(b, p, out);
        out.ack = u32(b, p + 8);
        out.flags = (u8(b, p + 12) & NS_BIT) << 8 | u8(b, p + 13);
        out.window = u16(b, p + 14);
    }
}
