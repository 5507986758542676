package dev.synscope.probe.decode;

/**
 * Decides, after an IP header was decoded, whether its payload is a tunnel, and if so moves the
 * cursor to the inner packet, so that {@link HeaderDecoder} decodes the network layer again and the
 * observation describes the INNER connection (the one Zeek's conn.log reports as the TCP row; the
 * outer packets are Zeek's tunnel parents, not TCP connections).
 *
 * <p>Tunnels recognised:
 * <ul>
 *   <li>by IP protocol: IP-in-IP (4: 4in4, 4in6) and IPv6-in-IP (41: 6in4, 6in6), GRE (47, see
 *       {@link GreDecoder});</li>
 *   <li>by UDP port (either end): VXLAN, Geneve, GRE over UDP, GTP-U, Teredo, AYIYA (see
 *       {@link UdpTunnelDecoder}).</li>
 * </ul>
 *
 * <p>What is kept of the outer layers: the outermost VLAN id only (tags inside a tunnel are not
 * recorded), no outer address. Every inner length is untrusted like an outer one, and the inner
 * packet may not read past the outer packet's declared end: the capture end is narrowed to it.
 *
 * <p>Depth: each tunnel header stripped adds one to {@link FrameCursor#tunnelDepth};
 * {@link HeaderDecoder} counts {@code tunnel_too_deep} beyond {@link HeaderDecoder#MAX_TUNNEL_DEPTH}.
 */
final class TunnelDecoder {

    static final int PROTOCOL_IPIP = 4;
    static final int PROTOCOL_IPV6 = 41;
    static final int PROTOCOL_GRE = 47;
    static final int PROTOCOL_UDP = 17;

    private TunnelDecoder() {
    }

    /**
     * Looks at the transport protocol the IP layer left in {@code c}. Returns null with
     * {@code c.inner} false when the payload is no tunnel (go on to the transport layer); null with
     * {@code c.inner} true when {@code c.pos} / {@code c.networkHint} now describe an inner packet; or
     * the reason to skip the frame.
     */
    static SkipReason decapsulate(byte[] b, FrameCursor c, DecodedHeader out) {
        c.inner = false;
        switch (c.l4Protocol) {
            case PROTOCOL_IPIP:
                narrowToOuterPacket(c);
                enter(c, c.l4Offset);
                c.networkHint = 4;
                return null;
            case PROTOCOL_IPV6:
                narrowToOuterPacket(c);
                enter(c, c.l4Offset);
                c.networkHint = 6;
                return null;
            case PROTOCOL_GRE:
                narrowToOuterPacket(c);
                return GreDecoder.decode(b, c, c.l4Offset, out, false);
            case PROTOCOL_UDP:
                return UdpTunnelDecoder.decode(b, c, out);
            default:
                return null;
        }
    }

    /**
     * Bytes past the outer IP packet's declared end (Ethernet padding, a trailer) are not part of the
     * tunnel payload. For the first fragment of an outer packet the declared end is the fragment's.
     */
    static void narrowToOuterPacket(FrameCursor c) {
        if (c.ipEnd >= 0 && c.ipEnd < c.capEnd) {
            c.capEnd = c.ipEnd;
        }
    }

    /** Commits to a tunnel whose payload starts at {@code innerStart}. */
    static void enter(FrameCursor c, int innerStart) {
        c.pos = innerStart;
        c.networkHint = 0;
        c.tunnelDepth++;
        c.inner = true;
    }
}
