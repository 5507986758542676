package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.WireBytes.u16;
import static dev.synscope.probe.decode.WireBytes.u16le;
import static dev.synscope.probe.decode.WireBytes.u32;
import static dev.synscope.probe.decode.WireBytes.u32le;
import static dev.synscope.probe.decode.WireBytes.u8;

/**
 * Strips the link-layer header (and any 802.1Q / 802.1ad VLAN tags, 802.1ah PBB and VN-Tag headers,
 * 802.2 LLC/SNAP, MPLS label stacks, PPPoE session headers) and tells the network layer where the IP
 * header starts and which IP version the link layer announced. {@link TunnelDecoder} calls back in
 * here for the Ethernet, 802.11 or PPP frame a tunnel carries.
 *
 * <p>Every loop here consumes at least 4 captured bytes per turn, so it ends within the frame.
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
    /** MPLS unicast / multicast (RFC 3032). */
    static final int ETHERTYPE_MPLS = 0x8847;
    static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    /** PPPoE session stage (RFC 2516); the discovery stage (0x8863) carries no IP. */
    static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    /** 802.1ah Provider Backbone Bridging I-TAG: a service tag, then a whole customer Ethernet header. */
    static final int ETHERTYPE_PBB = 0x88E7;
    /** Cisco VN-Tag (802.1Qbh draft): a 4-byte tag, then the EtherType. */
    static final int ETHERTYPE_VNTAG = 0x8926;
    /** EtherType values up to 1500 are an 802.3 length: an 802.2 LLC header follows. */
    static final int MAX_8023_LENGTH = 1500;

    /** PPP protocol numbers (RFC 1661 / RFC 5072) for IP. */
    static final int PPP_IPV4 = 0x0021;
    static final int PPP_IPV6 = 0x0057;
    /** HDLC-like framing (RFC 1662): all-stations address, unnumbered-information control. */
    private static final int PPP_ADDRESS = 0xFF;
    private static final int PPP_CONTROL = 0x03;
    /** Cisco HDLC: unicast / broadcast address, control 0, then an EtherType. */
    private static final int CHDLC_UNICAST = 0x0F;
    private static final int CHDLC_BROADCAST = 0x8F;

    static final int PPPOE_HEADER = 6;
    static final int MPLS_LABEL = 4;
    static final int PBB_ITAG = 4;
    static final int VNTAG = 4;
    /** LLC (DSAP, SSAP, control) + SNAP (OUI 3, EtherType 2). */
    static final int LLC_SNAP = 8;
    private static final int LLC_SAP_SNAP = 0xAA;
    private static final int LLC_UI = 0x03;
    static final int FDDI_HEADER = 13;
    static final int RADIOTAP_MIN = 8;
    static final int IEEE80211_HEADER = 24;
    static final int NFLOG_HEADER = 4;
    static final int NFLOG_TLV = 4;
    /** NFULA_PAYLOAD: the TLV holding the logged packet, from its IP header on. */
    static final int NFULA_PAYLOAD = 9;

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
            case PPP:
            case PPP_SERIAL:
            case C_HDLC:
                return ppp(b, c, out);
            case PPP_ETHER:
                return pppoeSession(b, c);
            case FDDI:
                return fddi(b, c, out);
            case IEEE802_11:
                return ieee80211(b, c, out);
            case IEEE802_11_RADIOTAP:
                return radiotap(b, c, out);
            case NFLOG:
                return nflog(b, c);
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
    static SkipReason ethernet(byte[] b, FrameCursor c, DecodedHeader out) {
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
     * 802.1ah PBB (TPID 0x88E7): I-TAG (PCP, DEI, UCA, res, I-SID 24) (4), then the customer
     * destination and source MACs (12) and the customer EtherType / TPID (2).
     * VN-Tag (TPID 0x8926): the tag (4), then the EtherType (2).
     * An 802.3 length (<= 1500) instead of an EtherType: 802.2 LLC, see llc().
     *
     * The loop consumes at least 4 captured bytes per tag, so it ends within capturedLength / 4
     * iterations. The OUTER tag's id is recorded (user-asks: the key may include it, default off);
     * VLAN tags inside a tunnel belong to the tunnelled network and are not recorded.
     */
    static SkipReason etherType(byte[] b, FrameCursor c, DecodedHeader out, int type) {
        while (true) {
            if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_LEGACY) {
                if (c.capEnd - c.pos < VLAN_TAG) {
                    return SkipReason.TRUNCATED_LINK;
                }
                if (out.vlan < 0 && c.tunnelDepth == 0) {
                    out.vlan = u16(b, c.pos) & VLAN_ID_MASK;
                }
                type = u16(b, c.pos + 2);
                c.pos += VLAN_TAG;
            } else if (type == ETHERTYPE_PBB) {
                if (c.capEnd - c.pos < PBB_ITAG + 14) {
                    return SkipReason.TRUNCATED_LINK;
                }
                type = u16(b, c.pos + PBB_ITAG + 12);
                c.pos += PBB_ITAG + 14;
            } else if (type == ETHERTYPE_VNTAG) {
                if (c.capEnd - c.pos < VNTAG + 2) {
                    return SkipReason.TRUNCATED_LINK;
                }
                type = u16(b, c.pos + VNTAG);
                c.pos += VNTAG + 2;
            } else if (type <= MAX_8023_LENGTH) {
                type = snapEtherType(b, c);
                if (type < 0) {
                    return type == -1 ? SkipReason.TRUNCATED_LINK : SkipReason.NOT_IP;
                }
            } else {
                break;
            }
        }
        switch (type) {
            case ETHERTYPE_IPV4:
                c.networkHint = 4;
                return null;
            case ETHERTYPE_IPV6:
                c.networkHint = 6;
                return null;
            case ETHERTYPE_MPLS:
            case ETHERTYPE_MPLS_MULTICAST:
                return mpls(b, c);
            case ETHERTYPE_PPPOE_SESSION:
                return pppoeSession(b, c);
            default:
                return SkipReason.NOT_IP;
        }
    }

    /*
     * 802.2 LLC with a SNAP header (RFC 1042), the only LLC form that carries IP:
     *
     * +------------+------------+-------------+------------------+------------------+
     * | DSAP 0xAA  | SSAP 0xAA  | Control 03  | OUI (3)          | EtherType (2)    |
     * +------------+------------+-------------+------------------+------------------+
     *
     * Any OUI is accepted (00-00-00 RFC 1042, 00-00-F8 802.1H bridge tunnel): the EtherType decides.
     * Returns the EtherType and moves c.pos past the header; -1 when truncated, -2 when not SNAP
     * (spanning tree, NetBIOS, IPX: no IP).
     */
    private static int snapEtherType(byte[] b, FrameCursor c) {
        if (c.capEnd - c.pos < 3) {
            return -1;
        }
        if (u8(b, c.pos) != LLC_SAP_SNAP || u8(b, c.pos + 1) != LLC_SAP_SNAP || u8(b, c.pos + 2) != LLC_UI) {
            return -2;
        }
        if (c.capEnd - c.pos < LLC_SNAP) {
            return -1;
        }
        int type = u16(b, c.pos + 6);
        c.pos += LLC_SNAP;
        // an EtherType that is itself a length would restart the loop on garbage: refuse it
        return type <= MAX_8023_LENGTH ? -2 : type;
    }

    /** LLC/SNAP at c.pos, then the EtherType path (FDDI, 802.11). */
    private static SkipReason llc(byte[] b, FrameCursor c, DecodedHeader out) {
        int type = snapEtherType(b, c);
        if (type < 0) {
            return type == -1 ? SkipReason.TRUNCATED_LINK : SkipReason.NOT_IP;
        }
        return etherType(b, c, out, type);
    }

    /*
     * MPLS label stack entry (RFC 3032), repeated until the bottom-of-stack bit S is set:
     *
     *  0                   1                   2                   3
     *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |                Label                  | TC  |S|      TTL      |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * MPLS does not say what it carries: like Zeek, guess from the first nibble after the stack
     * (4 or 6; anything else, e.g. a pseudowire control word, is not IP for us).
     */
    static SkipReason mpls(byte[] b, FrameCursor c) {
        while (true) {
            if (c.capEnd - c.pos < MPLS_LABEL) {
                return SkipReason.TRUNCATED_LINK;
            }
            boolean bottom = (u8(b, c.pos + 2) & 0x01) != 0;
            c.pos += MPLS_LABEL;
            if (bottom) {
                break;
            }
        }
        if (c.capEnd - c.pos < 1) {
            return SkipReason.TRUNCATED_IP;
        }
        int version = u8(b, c.pos) >>> 4;
        if (version != 4 && version != 6) {
            return SkipReason.NOT_IP;
        }
        c.networkHint = version;
        return null;
    }

    /*
     * PPPoE session stage (RFC 2516), after EtherType 0x8864 (or first in DLT_PPP_ETHER):
     *
     * +-------+-------+---------------+-------------------------------+
     * | VER 1 |TYPE 1 |  CODE 0x00    |          SESSION_ID           |
     * +-------+-------+---------------+-------------------------------+
     * |            LENGTH             |  PPP protocol (2)             |
     * +-------------------------------+-------------------------------+
     */
    static SkipReason pppoeSession(byte[] b, FrameCursor c) {
        if (c.capEnd - c.pos < PPPOE_HEADER + 2) {
            return SkipReason.TRUNCATED_LINK;
        }
        int protocol = u16(b, c.pos + PPPOE_HEADER);
        c.pos += PPPOE_HEADER + 2;
        return pppProtocol(protocol, c);
    }

    /*
     * PPP (RFC 1661), optionally in HDLC-like framing (RFC 1662):
     *
     * +----------------+----------------+-------------------------------+
     * | Address 0xFF   | Control 0x03   | Protocol (2, or 1 if odd: PFC)|   address/control may be absent (ACFC)
     * +----------------+----------------+-------------------------------+
     *
     * Cisco HDLC (DLT_C_HDLC, and some DLT_PPP_SERIAL captures):
     * +----------------+----------------+-------------------------------+
     * | Address 0x0F/8F| Control 0x00   | EtherType (2)                 |
     * +----------------+----------------+-------------------------------+
     *
     * Protocol-field compression (RFC 1661 section 6.5): a protocol number's first byte is even and its
     * last byte odd, so an odd first byte is a one-byte protocol.
     */
    static SkipReason ppp(byte[] b, FrameCursor c, DecodedHeader out) {
        if (c.capEnd - c.pos < 2) {
            return SkipReason.TRUNCATED_LINK;
        }
        int first = u8(b, c.pos);
        int second = u8(b, c.pos + 1);
        if ((first == CHDLC_UNICAST || first == CHDLC_BROADCAST) && second == 0) {
            if (c.capEnd - c.pos < 4) {
                return SkipReason.TRUNCATED_LINK;
            }
            int type = u16(b, c.pos + 2);
            c.pos += 4;
            return etherType(b, c, out, type);
        }
        if (first == PPP_ADDRESS && second == PPP_CONTROL) {
            c.pos += 2;
        }
        if (c.capEnd - c.pos < 1) {
            return SkipReason.TRUNCATED_LINK;
        }
        int protocol;
        if ((u8(b, c.pos) & 0x01) != 0) {
            protocol = u8(b, c.pos);
            c.pos += 1;
        } else {
            if (c.capEnd - c.pos < 2) {
                return SkipReason.TRUNCATED_LINK;
            }
            protocol = u16(b, c.pos);
            c.pos += 2;
        }
        return pppProtocol(protocol, c);
    }

    private static SkipReason pppProtocol(int protocol, FrameCursor c) {
        if (protocol == PPP_IPV4) {
            c.networkHint = 4;
            return null;
        }
        if (protocol == PPP_IPV6) {
            c.networkHint = 6;
            return null;
        }
        return SkipReason.NOT_IP; // LCP, IPCP, CHAP, compressed data, ...
    }

    /*
     * FDDI (DLT_FDDI), as libpcap writes it, then 802.2 LLC / SNAP:
     *
     * +--------+--------------------+--------------------+------------------------+
     * | FC (1) | Destination (6)    | Source (6)         | LLC/SNAP (8) ...       |
     * +--------+--------------------+--------------------+------------------------+
     */
    private static SkipReason fddi(byte[] b, FrameCursor c, DecodedHeader out) {
        if (c.capEnd - c.pos < FDDI_HEADER) {
            return SkipReason.TRUNCATED_LINK;
        }
        c.pos += FDDI_HEADER;
        return llc(b, c, out);
    }

    /*
     * Radiotap (DLT_IEEE802_11_RADIO), all little-endian, then an 802.11 frame:
     *
     * +-------------+-------------+-----------------------------+
     * | version 0   | pad         | length (16, LE, whole hdr)  |
     * +-------------+-------------+-----------------------------+
     * | present flags (32, LE; more words follow when bit 31)   |
     * +---------------------------------------------------------+
     * | fields, as the present flags say ...                    |
     * +---------------------------------------------------------+
     *
     * Only the length matters: the fields describe the radio, not the frame. A trailing FCS (flag in
     * the "flags" field) lies after the headers we read, so it needs no handling.
     */
    private static SkipReason radiotap(byte[] b, FrameCursor c, DecodedHeader out) {
        if (c.capEnd - c.pos < RADIOTAP_MIN) {
            return SkipReason.TRUNCATED_LINK;
        }
        int length = u16le(b, c.pos + 2);
        if (u8(b, c.pos) != 0 || length < RADIOTAP_MIN) {
            return SkipReason.BAD_LINK_HEADER;
        }
        if (c.capEnd - c.pos < length) {
            return SkipReason.TRUNCATED_LINK;
        }
        c.pos += length;
        return ieee80211(b, c, out);
    }

    /*
     * IEEE 802.11 MAC header (802.11-2020 section 9.3.2), data frames:
     *
     * +---------------+---------------+-------------------------------+
     * | Frame Control: byte 0 = subtype (4) type (2) version (2),     |
     * |   byte 1 = flags: Order Prot MoreData PwrMgt Retry MoreFrag FromDS ToDS  (2)
     * +---------------+---------------+-------------------------------+
     * | Duration / ID (2)             | Address 1 (6) ...             |
     * +-------------------------------+-------------------------------+
     * | Address 2 (6)                 | Address 3 (6)                 |
     * +-------------------------------+-------------------------------+
     * | Sequence Control (2)          | Address 4 (6): ToDS and FromDS both set (WDS / mesh)
     * +-------------------------------+-------------------------------+
     * | QoS Control (2): QoS data subtypes (subtype bit 3); bit 7 = A-MSDU present
     * +-------------------------------+-------------------------------+
     * | HT Control (4): QoS data with the Order flag                   |
     * +---------------------------------------------------------------+
     * | [A-MSDU subframe header: DA (6) SA (6) length (2)] LLC/SNAP (8)|
     * +---------------------------------------------------------------+
     *
     * Management and control frames, and the "null" data subtypes (subtype bit 2), carry no IP
     * (not_ip). A protected frame's LLC header is encrypted (wlan_protected). Of an A-MSDU only the
     * first subframe is decoded (as Zeek does).
     */
    static SkipReason ieee80211(byte[] b, FrameCursor c, DecodedHeader out) {
        int p = c.pos;
        if (c.capEnd - p < IEEE80211_HEADER) {
            return SkipReason.TRUNCATED_LINK;
        }
        int control = u8(b, p);
        int flags = u8(b, p + 1);
        if ((control & 0x03) != 0) {
            return SkipReason.BAD_LINK_HEADER; // protocol version 0 is the only one defined
        }
        int type = (control >>> 2) & 0x03;
        int subtype = control >>> 4;
        if (type != 2 || (subtype & 0x04) != 0) {
            return SkipReason.NOT_IP;
        }
        int header = IEEE80211_HEADER;
        if ((flags & 0x03) == 0x03) {
            header += 6;
        }
        boolean qos = (subtype & 0x08) != 0;
        int qosAt = p + header;
        if (qos) {
            header += 2;
            if ((flags & 0x80) != 0) {
                header += 4;
            }
        }
        if (c.capEnd - p < header) {
            return SkipReason.TRUNCATED_LINK;
        }
        if ((flags & 0x40) != 0) {
            return SkipReason.WLAN_PROTECTED;
        }
        c.pos = p + header;
        if (qos && (u8(b, qosAt) & 0x80) != 0) {
            if (c.capEnd - c.pos < 14) {
                return SkipReason.TRUNCATED_LINK;
            }
            c.pos += 14;
        }
        return llc(b, c, out);
    }

    /*
     * NFLOG (DLT_NFLOG), the Linux netfilter log:
     *
     * +---------------+---------------+-------------------------------+
     * | family (8)    | version (8)   | resource id (16, network order)|
     * +---------------+---------------+-------------------------------+
     * then TLVs, each padded to a multiple of 4 bytes:
     * +-------------------------------+-------------------------------+
     * | length (16, host order)       | type (16, host order)         |
     * +-------------------------------+-------------------------------+
     * | value (length - 4) ...                                        |
     * +---------------------------------------------------------------+
     *
     * The length counts the TLV header. The host order is not recorded: types are small, so a
     * little-endian type above 0xFF means a big-endian host (as for DLT_NULL). NFULA_PAYLOAD (9) holds
     * the packet from its IP header; the capture end is narrowed to that TLV's end.
     */
    private static SkipReason nflog(byte[] b, FrameCursor c) {
        if (c.capEnd - c.pos < NFLOG_HEADER) {
            return SkipReason.TRUNCATED_LINK;
        }
        int family = u8(b, c.pos);
        int p = c.pos + NFLOG_HEADER;
        while (true) {
            if (c.capEnd - p < NFLOG_TLV) {
                return SkipReason.TRUNCATED_LINK;
            }
            int length = u16le(b, p);
            int type = u16le(b, p + 2);
            if (type > 0xFF) {
                length = u16(b, p);
                type = u16(b, p + 2);
            }
            if (length < NFLOG_TLV) {
                return SkipReason.BAD_LINK_HEADER;
            }
            if (type == NFULA_PAYLOAD) {
                c.pos = p + NFLOG_TLV;
                c.capEnd = Math.min(c.capEnd, p + length);
                break;
            }
            p += (length + 3) & ~3;
        }
        if (family == AF_INET) {
            c.networkHint = 4;
        } else if (family == AF_INET6_LINUX) {
            c.networkHint = 6;
        } else {
            c.networkHint = 0; // AF_UNSPEC and others: the version nibble decides
        }
        return null;
    }
}
