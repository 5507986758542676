package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.WireBytes.u16;
import static dev.synscope.probe.decode.WireBytes.u32;
import static dev.synscope.probe.decode.WireBytes.u32le;

/**
 * Strips the link-layer header (and any 802.1Q / 802.1ad VLAN tags) and tells the network layer where
 * the IP header starts and which IP version the link layer announced.
 */
final class LinkLayerDecoder {

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    /** 802.1Q customer tag. */
    static final int ETHERTYPE_VLAN = 0x8100;
    /** 802.1ad service tag (QinQ outer tag). */
    static final int ETHERTYPE_QINQ = 0x88A8;
    /** Pre-standard QinQ outer tag still emitted by some switches. */
    static final int ETHERTYPE_QINQ_LEGACY = 0x9100;

    static final int ETHERNET_HEADER = 14;
    static final int VLAN_TAG = 4;
    static final int SLL_HEADER = 16;
    static final int SLL2_HEADER = 20;
    static final int LOOPBACK_HEADER = 4;

    /** BSD address families for DLT_NULL / DLT_LOOP (IPv6 differs per OS). */
    static final int AF_INET = 2;
    static final int AF_INET6_LINUX = 10;
    static final int AF_INET6_BSD = 24;
    static final int AF_INET6_FREEBSD = 28;
    static final int AF_INET6_DARWIN = 30;

    private static final int VLAN_ID_MASK = 0x0FFF;

    private LinkLayerDecoder() {
    }

    /**
     * On success sets {@code c.pos} to the IP header and {@code c.networkHint} to 4, 6, or 0 (raw IP:
     * the version nibble decides), records the outer VLAN id in {@code out.vlan}, and returns null.
     */
    static SkipReason decode(LinkType link, byte[] b, FrameCursor c, DecodedHeader out) {
        if (link == null) {
            return SkipReason.UNSUPPORTED_LINK;
        }
        switch (link) {
            case ETHERNET:
                return ethernet(b, c, out);
            case LINUX_SLL:
                return sll(b, c, out);
            case LINUX_SLL2:
                return sll2(b, c, out);
            case NULL:
                return loopback(b, c, false);
            case LOOP:
                return loopback(b, c, true);
            case RAW:
                c.networkHint = 0;
                return null;
            case IPV4:
                c.networkHint = 4;
                return null;
            case IPV6:
                c.networkHint = 6;
                return null;
            default:
                return SkipReason.UNSUPPORTED_LINK;
        }
    }

    /*
     * Ethernet II (IEEE 802.3 with EtherType), FCS not captured:
     *
     *  0                   1                   2                   3
     *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |                    Destination MAC (6)                        |
     * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |                               |                               |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
     * |                       Source MAC (6)                          |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |   EtherType / TPID (12)       |  then, per VLAN tag: TCI (2) + EtherType/TPID (2)
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     */
    private static SkipReason ethernet(byte[] b, FrameCursor c, DecodedHeader out) {
        if (c.capEnd - c.pos < ETHERNET_HEADER) {
            return SkipReason.TRUNCATED_LINK;
        }
        int typeAt = c.pos + 12;
        c.pos += ETHERNET_HEADER;
        return etherType(b, c, out, u16(b, typeAt));
    }

    /*
     * Linux cooked capture v1 (DLT_LINUX_SLL), 16 bytes:
     *
     * +---------------------------+
     * |  Packet type (2)          |  0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing
     * +---------------------------+
     * |  ARPHRD type (2)          |
     * +---------------------------+
     * |  Link-layer addr len (2)  |
     * +---------------------------+
     * |  Link-layer address (8)   |
     * +---------------------------+
     * |  Protocol type (2)        |  an EtherType for the cases we care about
     * +---------------------------+
     */
    private static SkipReason sll(byte[] b, FrameCursor c, DecodedHeader out) {
        if (c.capEnd - c.pos < SLL_HEADER) {
            return SkipReason.TRUNCATED_LINK;
        }
        int typeAt = c.pos + 14;
        c.pos += SLL_HEADER;
        return etherType(b, c, out, u16(b, typeAt));
    }

    /*
     * Linux cooked capture v2 (DLT_LINUX_SLL2), 20 bytes:
     *
     * +---------------------------+
     * |  Protocol type (2)        |
     * +---------------------------+
     * |  Reserved (2)             |
     * +---------------------------+
     * |  Interface index (4)      |
     * +---------------------------+
     * |  ARPHRD type (2)          |
     * +---------------------------+
     * |  Packet type (1)          |
     * +---------------------------+
     * |  Link-layer addr len (1)  |
     * +---------------------------+
     * |  Link-layer address (8)   |
     * +---------------------------+
     */
    private static SkipReason sll2(byte[] b, FrameCursor c, DecodedHeader out) {
        if (c.capEnd - c.pos < SLL2_HEADER) {
            return SkipReason.TRUNCATED_LINK;
        }
        int type = u16(b, c.pos);
        c.pos += SLL2_HEADER;
        return etherType(b, c, out, type);
    }

    /*
     * DLT_NULL / DLT_LOOP: a 4-byte address family, then the IP packet.
     * DLT_NULL writes the family in the capturing host's byte order, which the file does not record:
     * families are small numbers, so a little-endian read above 0xFFFF means the host was big-endian.
     */
    private static SkipReason loopback(byte[] b, FrameCursor c, boolean networkOrder) {
        if (c.capEnd - c.pos < LOOPBACK_HEADER) {
            return SkipReason.TRUNCATED_LINK;
        }
        long family = networkOrder ? u32(b, c.pos) : u32le(b, c.pos);
        if (!networkOrder && family > 0xFFFF) {
            family = u32(b, c.pos);
        }
        c.pos += LOOPBACK_HEADER;
        if (family == AF_INET) {
            c.networkHint = 4;
            return null;
        }
        if (family == AF_INET6_LINUX || family == AF_INET6_BSD || family == AF_INET6_FREEBSD
                || family == AF_INET6_DARWIN) {
            c.networkHint = 6;
            return null;
        }
        return SkipReason.NOT_IP;
    }

    /*
     * 802.1Q tag (repeated for QinQ; the outer one may use TPID 0x88A8 or 0x9100):
     *
     * +-----------------+-----+---+---------------------------+
     * | TPID (16)       | PCP |DEI|  VLAN id (12)             |   <- TPID already read as the EtherType
     * +-----------------+-----+---+---------------------------+
     * | inner EtherType / next TPID (16)                      |
     * +-------------------------------------------------------+
     *
     * The loop consumes 4 captured bytes per tag, so it ends within capturedLength / 4 iterations.
     * The OUTER tag's id is recorded (user-asks: the key may include it, default off).
     */
    private static SkipReason etherType(byte[] b, FrameCursor c, DecodedHeader out, int type) {
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_LEGACY) {
            if (c.capEnd - c.pos < VLAN_TAG) {
                return SkipReason.TRUNCATED_LINK;
            }
            if (out.vlan < 0) {
                out.vlan = u16(b, c.pos) & VLAN_ID_MASK;
            }
            type = u16(b, c.pos + 2);
            c.pos += VLAN_TAG;
        }
        if (type == ETHERTYPE_IPV4) {
            c.networkHint = 4;
            return null;
        }
        if (type == ETHERTYPE_IPV6) {
            c.networkHint = 6;
            return null;
        }
        return SkipReason.NOT_IP;
    }
}
