package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.WireBytes.u16;
import static dev.synscope.probe.decode.WireBytes.u8;

/**
 * Walks an IPv6 extension header chain (RFC 8200 section 4, RFC 4302 for AH) to the upper-layer
 * header. The walk is bounded twice: by {@link #MAX_EXTENSION_HEADERS} and by the bytes each header
 * consumes (at least 8), so a crafted chain can neither loop nor run past the packet.
 *
 * <pre>
 * Generic extension header (hop-by-hop 0, routing 43, destination options 60, mobility 135, HIP 139, shim6 140):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |   (Hdr Ext Len + 1) * 8 bytes in total ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Fragment header (44), 8 bytes:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Authentication header (51): Payload Len counts 4-byte words minus 2, i.e. (len + 2) * 4 bytes.
 * </pre>
 */
final class Ipv6ExtensionWalker {

    /** Walk result: {@code c.l4Protocol} / {@code c.l4Offset} hold the upper-layer header. */
    static final int OK = 0;
    /** The chain runs past the captured bytes. */
    static final int TRUNCATED = 1;
    /** The chain runs past the declared packet end, or is longer than the bound. */
    static final int MALFORMED = 2;
    /** A fragment header with a non-zero offset: no upper-layer header in this packet. */
    static final int LATER_FRAGMENT = 3;

    /** More than any sane packet carries (RFC 8200 recommends each at most once, dest-opts twice). */
    static final int MAX_EXTENSION_HEADERS = 8;

    static final int HOP_BY_HOP = 0;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int AUTHENTICATION = 51;
    static final int DESTINATION_OPTIONS = 60;
    static final int MOBILITY = 135;
    static final int HIP = 139;
    static final int SHIM6 = 140;

    private static final int FRAGMENT_HEADER = 8;
    private static final int FRAGMENT_OFFSET_MASK = 0xFFF8;

    private Ipv6ExtensionWalker() {
    }

    /**
     * @param next the fixed header's Next Header value
     * @param p first byte after the fixed 40-byte header
     * @param declaredEnd exclusive end of the packet per its payload length
     * @param capEnd exclusive end of the bytes actually available
     */
    static int walk(byte[] b, int next, int p, int declaredEnd, int capEnd, FrameCursor c) {
        c.moreFragments = false;
        for (int walked = 0; isExtension(next); walked++) {
            if (walked == MAX_EXTENSION_HEADERS) {
                return MALFORMED;
            }
            // Every extension header is at least 8 bytes; read the first 2 (or 8 for a fragment).
            if (declaredEnd - p < 8) {
                return MALFORMED;
            }
            if (capEnd - p < 2) {
                return TRUNCATED;
            }
            int length;
            if (next == FRAGMENT) {
                if (capEnd - p < FRAGMENT_HEADER) {
                    return TRUNCATED;
                }
                if ((u16(b, p + 2) & FRAGMENT_OFFSET_MASK) != 0) {
                    return LATER_FRAGMENT;
                }
                c.moreFragments = (u8(b, p + 3) & 0x01) != 0;
                length = FRAGMENT_HEADER;
            } else if (next == AUTHENTICATION) {
                length = (u8(b, p + 1) + 2) * 4;
            } else {
                length = (u8(b, p + 1) + 1) * 8;
            }
            if (declaredEnd - p < length) {
                return MALFORMED;
            }
            next = u8(b, p);
            p += length;
        }
        c.l4Protocol = next;
        c.l4Offset = p;
        return OK;
    }

    static boolean isExtension(int next) {
        switch (next) {
            case HOP_BY_HOP:
            case ROUTING:
            case FRAGMENT:
            case AUTHENTICATION:
            case DESTINATION_OPTIONS:
            case MOBILITY:
            case HIP:
            case SHIM6:
                return true;
            default:
                return false;
        }
    }
}
