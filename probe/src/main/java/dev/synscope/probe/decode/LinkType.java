package dev.synscope.probe.decode;

/**
 * Link-layer header types the decoder understands, keyed by their libpcap DLT / LINKTYPE number.
 *
 * <p>{@link #fromDlt(int)} returns {@code null} for an unsupported DLT (it never throws), so a caller
 * can decide once, when it opens a capture, whether to refuse the capture or count every frame as
 * {@link SkipReason#UNSUPPORTED_LINK}. {@link HeaderDecoder#decode} counts {@code unsupported_link}
 * when handed a {@code null} link type.
 */
public enum LinkType {
    /** DLT_EN10MB: Ethernet II, optionally with 802.1Q / 802.1ad (QinQ) tags. */
    ETHERNET(1),
    /** DLT_NULL: BSD loopback, 4-byte address family in the <em>capturing host's</em> byte order. */
    NULL(0),
    /** DLT_LOOP: OpenBSD loopback, 4-byte address family in network byte order. */
    LOOP(108),
    /** LINKTYPE_RAW (101); DLT_RAW is 12 on most platforms and 14 on OpenBSD, both map here. */
    RAW(101),
    /** DLT_LINUX_SLL: Linux cooked capture v1 (16-byte header, interface "any" on older libpcap). */
    LINUX_SLL(113),
    /** DLT_LINUX_SLL2: Linux cooked capture v2 (20-byte header, interface "any" on libpcap >= 1.10). */
    LINUX_SLL2(276),
    /** LINKTYPE_IPV4: raw IPv4 only. */
    IPV4(228),
    /** LINKTYPE_IPV6: raw IPv6 only. */
    IPV6(229),
    /** DLT_PPP: PPP (RFC 1661), with or without the HDLC-like address/control bytes FF 03 (RFC 1662). */
    PPP(9),
    /** DLT_PPP_SERIAL: PPP in HDLC-like framing (RFC 1662), or Cisco HDLC framing on some captures. */
    PPP_SERIAL(50),
    /** DLT_PPP_ETHER: PPPoE session header (RFC 2516) without the Ethernet header before it. */
    PPP_ETHER(51),
    /** DLT_C_HDLC: Cisco HDLC (address, control, then an EtherType). */
    C_HDLC(104),
    /** DLT_FDDI: FDDI (frame control + two MAC addresses, 13 bytes), then 802.2 LLC / SNAP. */
    FDDI(10),
    /** DLT_IEEE802_11: 802.11 frames without a radio header; only unprotected data frames carry IP for us. */
    IEEE802_11(105),
    /** DLT_IEEE802_11_RADIO: a radiotap header (its length little-endian at offset 2), then an 802.11 frame. */
    IEEE802_11_RADIOTAP(127),
    /** DLT_NFLOG: Linux netfilter log: a 4-byte header, then TLVs; NFULA_PAYLOAD (type 9) holds the IP packet. */
    NFLOG(239);

    private final int dlt;

    LinkType(int dlt) {
        this.dlt = dlt;
    }

    /** The canonical LINKTYPE number (as written in pcap / pcapng headers). */
    public int dlt() {
        return dlt;
    }

    /**
     * Maps a pcap DLT / LINKTYPE number to a link type.
     *
     * @return the link type, or {@code null} if the DLT is not supported (never throws)
     */
    public static LinkType fromDlt(int dlt) {
        switch (dlt) {
            case 0:
                return NULL;
            case 1:
                return ETHERNET;
            case 12:
            case 14:
            case 101:
                return RAW;
            case 108:
                return LOOP;
            case 113:
                return LINUX_SLL;
            case 276:
                return LINUX_SLL2;
            case 228:
                return IPV4;
            case 229:
                return IPV6;
            case 9:
                return PPP;
            case 50:
                return PPP_SERIAL;
            case 51:
                return PPP_ETHER;
            case 104:
                return C_HDLC;
            case 10:
                return FDDI;
            case 105:
                return IEEE802_11;
            case 127:
                return IEEE802_11_RADIOTAP;
            case 239:
                return NFLOG;
            default:
                return null;
        }
    }
}
