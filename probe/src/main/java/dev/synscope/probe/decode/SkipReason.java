package dev.synscope.probe.decode;

/**
 * Why the decoder skipped a frame. {@link #reason()} is a stable snake_case name used as the key in
 * probe stats ({@code skippedByReason}) and dashboards: never rename one, only add.
 */
public enum SkipReason {
    /** The caller passed an impossible buffer (null, negative offset or length past the array). */
    INVALID_FRAME("invalid_frame"),
    /**
     * The captured bytes end inside the link-layer header (including VLAN tags, MPLS labels, the
     * PPPoE / PPP header, a radiotap or 802.11 header, the NFLOG TLVs).
     */
    TRUNCATED_LINK("truncated_link"),
    /** The link type is not supported (null link type, unknown SLL/NULL family). */
    UNSUPPORTED_LINK("unsupported_link"),
    /** The link layer carries something other than IPv4/IPv6 (ARP, LLDP, ...). */
    NOT_IP("not_ip"),
    /** The captured bytes end inside the IPv4/IPv6 fixed header or its options / extension headers. */
    TRUNCATED_IP("truncated_ip"),
    /** The IP version nibble does not match the link-layer protocol (or is neither 4 nor 6). */
    BAD_IP_VERSION("bad_ip_version"),
    /** IPv4 IHL below 5 words, or larger than the IPv4 total length. */
    BAD_IHL("bad_ihl"),
    /** IPv4 total length / IPv6 payload length inconsistent with the headers it must contain. */
    BAD_IP_LENGTH("bad_ip_length"),
    /** An IPv4 or IPv6 fragment with a non-zero offset: it carries no transport header. */
    LATER_FRAGMENT("later_fragment"),
    /** Malformed IPv6 extension header chain (overflows the payload, or longer than the walk bound). */
    BAD_IPV6_EXT("bad_ipv6_ext"),
    /** The IP payload is neither TCP nor an ICMP/ICMPv6 message. */
    NOT_TCP("not_tcp"),
    /**
     * The TCP checksum is wrong (only when checksums are validated, {@code --validate-checksums}, and the
     * whole segment was captured): as Zeek without {@code -C}, the segment is not used.
     */
    BAD_TCP_CHECKSUM("bad_tcp_checksum"),
    /** The captured bytes end inside the fixed 20-byte TCP header. */
    TRUNCATED_TCP("truncated_tcp"),
    /**
     * TCP data offset below 5 words, or beyond the IP payload length of a packet that is not a first
     * fragment (a first fragment may end inside the options: it is decoded, see truncated_tcp_options).
     */
    BAD_TCP_OFFSET("bad_tcp_offset"),
    /**
     * The TCP options area extends beyond the captured bytes (snaplen too small). Counted, but the
     * header is still used: fixed fields are decoded, options read as far as they were captured.
     */
    TRUNCATED_TCP_OPTIONS("truncated_tcp_options"),
    /**
     * A TCP option with an impossible length (0, 1, overflow, or wrong size for its kind). Counted,
     * but the header is still used: option parsing stops at the bad option, options decoded before
     * it are kept.
     */
    BAD_TCP_OPTION("bad_tcp_option"),
    /** An ICMP/ICMPv6 message that is not an error type we decode (echo, ND, redirect, ...). */
    NOT_ICMP_ERROR("not_icmp_error"),
    /**
     * The ICMP header, the quoted IP header, or the quote's first 8 TCP bytes (ports + seq) is cut,
     * by the snaplen or by the outer packet's own IP length.
     */
    TRUNCATED_ICMP("truncated_icmp"),
    /** The quoted IP header inside an ICMP error is malformed (wrong version, bad IHL, bad extension chain). */
    BAD_ICMP_QUOTE("bad_icmp_quote"),
    /** The ICMP error quotes a datagram that is not TCP (UDP, ICMP echo, a later fragment, ...). */
    ICMP_QUOTE_NOT_TCP("icmp_quote_not_tcp"),
    /**
     * More nested tunnels (IP-in-IP, GRE, VXLAN, Geneve, GTP-U, Teredo, AYIYA) than
     * {@link HeaderDecoder#MAX_TUNNEL_DEPTH}: a bound on the work per frame, not a guess at intent.
     */
    TUNNEL_TOO_DEEP("tunnel_too_deep"),
    /** The captured bytes (or the outer IP packet) end inside a tunnel header (GRE, ERSPAN, VXLAN, Geneve, GTP-U, ...). */
    TRUNCATED_TUNNEL("truncated_tunnel"),
    /**
     * A tunnel header we recognised but cannot follow: GRE (IP protocol 47) with source routing or a
     * version other than 0 / 1 (PPTP), a GTP-U extension header of length 0, ERSPAN III carrying
     * something other than Ethernet. (A UDP tunnel port whose payload is no such header is plain UDP.)
     */
    BAD_TUNNEL("bad_tunnel"),
    /**
     * A link-layer header whose own length fields are impossible: radiotap version / length, NFLOG
     * TLV length, 802.11 protocol version.
     */
    BAD_LINK_HEADER("bad_link_header"),
    /** An 802.11 data frame with the Protected bit set: its payload (LLC / IP) is encrypted. */
    WLAN_PROTECTED("wlan_protected");

    private static final SkipReason[] VALUES = values();

    private final String reason;

    SkipReason(String reason) {
        this.reason = reason;
    }

    /** Stable snake_case name, e.g. {@code truncated_ip}. */
    public String reason() {
        return reason;
    }

    /**
     * True when a frame counted under this reason was dropped; false for the annotation reasons
     * ({@code truncated_tcp_options}, {@code bad_tcp_option}) whose frame was still decoded.
     */
    public boolean skipsFrame() {
        return this != TRUNCATED_TCP_OPTIONS && this != BAD_TCP_OPTION;
    }

    /** Cached {@code values()}, so callers iterating reasons do not clone the array. */
    static SkipReason[] all() {
        return VALUES;
    }
}
