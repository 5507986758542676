package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.WireBytes.u16;
import static dev.synscope.probe.decode.WireBytes.u32;
import static dev.synscope.probe.decode.WireBytes.u8;

/**
 * TCP options (RFC 9293 section 3.2, RFC 7323, RFC 2018). Kinds we keep:
 *
 * <pre>
 * kind 0  EOL                      1 byte, ends the list
 * kind 1  NOP                      1 byte, padding
 * kind 2  MSS           len 4      | 2 | 4 |   MSS (16)    |
 * kind 3  Window scale  len 3      | 3 | 3 | shift |
 * kind 4  SACK-permitted len 2     | 4 | 2 |
 * kind 5  SACK          len 2+8n   | 5 | len | left edge 1 (32) | right edge 1 (32) | ... (n = 1..4)
 * kind 8  Timestamps    len 10     | 8 | 10 |   TSval (32)   |   TSecr (32)   |
 * other   skipped by their length byte
 * </pre>
 *
 * Malformed options do not discard the segment (its fixed header is sound and the state machine
 * needs its flags / seq / ack): options decoded before the fault are kept,
 * {@link DecodedHeader#optionsIncomplete} is set, and the caller counts the returned status.
 * <ul>
 *   <li>length 0 or 1, or a length running past the data-offset end: {@link #MALFORMED}, parsing stops
 *       (there is no trustworthy way to find the next option);</li>
 *   <li>a known kind with the wrong length (e.g. MSS with length 5): {@link #MALFORMED}, that option is
 *       ignored and parsing continues after it (its length byte is still within bounds);</li>
 *   <li>options cut by the snaplen: {@link #TRUNCATED}, parsing stops at the capture end.</li>
 * </ul>
 */
final class TcpOptionsDecoder {

    static final int OK = 0;
    static final int TRUNCATED = 1;
    static final int MALFORMED = 2;

    static final int KIND_EOL = 0;
    static final int KIND_NOP = 1;
    static final int KIND_MSS = 2;
    static final int KIND_WINDOW_SCALE = 3;
    static final int KIND_SACK_PERMITTED = 4;
    static final int KIND_SACK = 5;
    static final int KIND_TIMESTAMPS = 8;

    private static final int LEN_MSS = 4;
    private static final int LEN_WINDOW_SCALE = 3;
    private static final int LEN_SACK_PERMITTED = 2;
    private static final int LEN_TIMESTAMPS = 10;
    private static final int SACK_BLOCK = 8;

    private TcpOptionsDecoder() {
    }

    /**
     * Parses options in {@code [from, optEnd)} where only {@code [from, capEnd)} was captured.
     * Assumes {@code out.clearOptions()} was called. Returns OK, TRUNCATED or MALFORMED (the worse
     * one seen: MALFORMED wins).
     */
    static int decode(byte[] b, int from, int optEnd, int capEnd, DecodedHeader out) {
        int limit = Math.min(optEnd, capEnd);
        int status = OK;
        int i = from;
        while (i < limit) {
            int kind = u8(b, i);
            if (kind == KIND_EOL) {
                return status;
            }
            if (kind == KIND_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= optEnd) {
                return fault(out, MALFORMED);
            }
            if (i + 1 >= capEnd) {
                return fault(out, TRUNCATED);
            }
            int len = u8(b, i + 1);
            if (len < 2 || len > optEnd - i) {
                return fault(out, MALFORMED);
            }
            if (len > capEnd - i) {
                return fault(out, status == MALFORMED ? MALFORMED : TRUNCATED);
            }
            if (!readOption(b, i, kind, len, out)) {
                status = fault(out, MALFORMED);
            }
            i += len;
        }
        if (optEnd > capEnd && status == OK) {
            return fault(out, TRUNCATED);
        }
        return status;
    }

    /** Stores a known option; returns false when its length is wrong for its kind. Unknown kinds are skipped. */
    private static boolean readOption(byte[] b, int i, int kind, int len, DecodedHeader out) {
        switch (kind) {
            case KIND_MSS:
                if (len != LEN_MSS) {
                    return false;
                }
                out.mss = u16(b, i + 2);
                return true;
            case KIND_WINDOW_SCALE:
                if (len != LEN_WINDOW_SCALE) {
                    return false;
                }
                out.windowScale = u8(b, i + 2);
                return true;
            case KIND_SACK_PERMITTED:
                if (len != LEN_SACK_PERMITTED) {
                    return false;
                }
                out.sackPermitted = true;
                return true;
            case KIND_SACK:
                int blocks = (len - 2) / SACK_BLOCK;
                if ((len - 2) % SACK_BLOCK != 0 || blocks < 1 || blocks > DecodedHeader.MAX_SACK_BLOCKS) {
                    return false;
                }
                for (int k = 0; k < blocks; k++) {
                    int at = i + 2 + k * SACK_BLOCK;
                    out.sackLeft[k] = u32(b, at);
                    out.sackRight[k] = u32(b, at + 4);
                }
                out.sackBlockCount = blocks;
                return true;
            case KIND_TIMESTAMPS:
                if (len != LEN_TIMESTAMPS) {
                    return false;
                }
                out.tsVal = u32(b, i + 2);
                out.tsEcr = u32(b, i + 6);
                return true;
            default:
                return true;
        }
    }

    private static int fault(DecodedHeader out, int status) {
        out.optionsIncomplete = true;
        return status;
    }
}
