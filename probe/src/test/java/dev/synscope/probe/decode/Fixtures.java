package dev.synscope.probe.decode;

import java.util.Arrays;

/**
 * Hand-written frames, byte by byte with a comment per field (addresses from RFC 5737 / RFC 3849).
 * Every method returns a fresh array, so a test may mutate it.
 */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] cut(byte[] frame, int length) {
        return Arrays.copyOf(frame, length);
    }

    /** Ethernet II header with the given EtherType. */
    static byte[] ethernet(int etherType) {
        return bytes(
                0x02, 0x00, 0x00, 0x00, 0x00, 0x01,     // destination MAC (locally administered)
                0x02, 0x00, 0x00, 0x00, 0x00, 0x02,     // source MAC
                etherType >>> 8, etherType & 0xFF);     // EtherType
    }

    static final int IPV4_TCP_ETH = 14;
    static final int IPV4_TCP_IP = IPV4_TCP_ETH;
    static final int IPV4_TCP_TCP = IPV4_TCP_IP + 24;
    static final int IPV4_TCP_OPTIONS = IPV4_TCP_TCP + 20;
    static final int IPV4_TCP_PAYLOAD = IPV4_TCP_OPTIONS + 20;

    /**
     * Ethernet + IPv4 with a 4-byte option (IHL 6) + TCP with every flag (incl. NS) and MSS,
     * SACK-permitted, timestamps, NOP, window scale + 12 payload bytes. 90 bytes.
     */
    static byte[] ipv4Tcp() {
        return concat(ethernet(0x0800), bytes(
                // IPv4 (RFC 791), 24-byte header
                0x46,                               // version 4, IHL 6 words
                0x00,                               // DSCP / ECN
                0x00, 0x4C,                         // total length 76 = 24 IP + 40 TCP + 12 payload
                0x12, 0x34,                         // identification 0x1234
                0x40, 0x00,                         // flags DF, fragment offset 0
                0x40,                               // TTL 64
                0x06,                               // protocol TCP
                0x00, 0x00,                         // header checksum (not verified)
                0xC0, 0x00, 0x02, 0x0A,             // source 192.0.2.10
                0xC6, 0x33, 0x64, 0x0A,             // destination 198.51.100.10
                0x94, 0x04, 0x00, 0x00,             // option: router alert (RFC 2113)
                // TCP (RFC 9293), 40-byte header
                0xC3, 0x50,                         // source port 50000
                0x00, 0x50,                         // destination port 80
                0xFF, 0xFF, 0xFF, 0xFE,             // sequence 4294967294 (unsigned)
                0x80, 0x00, 0x00, 0x01,             // acknowledgment 2147483649 (unsigned)
                0xA1,                               // data offset 10 words, reserved 000, NS = 1
                0xFF,                               // CWR ECE URG ACK PSH RST SYN FIN
                0xFF, 0xFF,                         // window 65535
                0x00, 0x00,                         // checksum
                0x00, 0x00,                         // urgent pointer
                0x02, 0x04, 0x05, 0xB4,             // option MSS 1460
                0x04, 0x02,                         // option SACK permitted
                0x08, 0x0A,                         // option timestamps, length 10
                0x00, 0x00, 0x00, 0x01,             //   TSval 1
                0xFF, 0xFF, 0xFF, 0xFF,             //   TSecr 4294967295
                0x01,                               // option NOP
                0x03, 0x03, 0x07,                   // option window scale, shift 7
                'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '\n'));   // payload
    }

    /** Ethernet + IPv4 (IHL 5) + TCP with the given options (length multiple of 4). */
    static byte[] ipv4TcpWithOptions(byte[] options) {
        int tcpLength = 20 + options.length;
        int total = 20 + tcpLength;
        return concat(ethernet(0x0800), bytes(
                0x45, 0x00,                         // version 4, IHL 5; DSCP / ECN
                total >>> 8, total & 0xFF,          // total length
                0x00, 0x01, 0x00, 0x00,             // identification 1; no fragmentation
                0x40, 0x06, 0x00, 0x00,             // TTL 64, protocol TCP, checksum
                0xC0, 0x00, 0x02, 0x0A,             // source 192.0.2.10
                0xC6, 0x33, 0x64, 0x0A,             // destination 198.51.100.10
                0xC3, 0x50, 0x00, 0x50,             // ports 50000 -> 80
                0x00, 0x00, 0x00, 0x64,             // sequence 100
                0x00, 0x00, 0x00, 0xC8,             // acknowledgment 200
                (tcpLength / 4) << 4, 0x10,         // data offset, flags ACK
                0x01, 0x00,                         // window 256
                0x00, 0x00, 0x00, 0x00),            // checksum, urgent pointer
                options);
    }

    /**
     * Ethernet + IPv6 with hop-by-hop, routing, fragment (offset 0, more fragments), AH and
     * destination options headers, then a 20-byte TCP header (SYN). 130 bytes.
     */
    static byte[] ipv6ExtensionChain() {
        return concat(ethernet(0x86DD), bytes(
                // IPv6 (RFC 8200)
                0x60, 0x00, 0x00, 0x00,             // version 6, traffic class 0, flow label 0
                0x00, 0x4C,                         // payload length 76 = 8+8+8+24+8 ext + 20 TCP
                0x00,                               // next header: hop-by-hop options
                0x40,                               // hop limit 64
                0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,   // source 2001:db8::1
                0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,   // destination 2001:db8::2
                // hop-by-hop options, 8 bytes
                43, 0x00,                           // next header routing, hdr ext len 0 (8 bytes)
                0x01, 0x04, 0, 0, 0, 0,             // PadN option, 4 bytes of padding
                // routing header, 8 bytes
                44, 0x00,                           // next header fragment, hdr ext len 0
                0x04, 0x00,                         // routing type 4 (SRH), segments left 0
                0, 0, 0, 0,                         // type-specific data
                // fragment header, 8 bytes
                51, 0x00,                           // next header AH, reserved
                0x00, 0x01,                         // fragment offset 0, M = 1 (first fragment)
                0x00, 0x00, 0xBE, 0xEF,             // identification
                // authentication header (RFC 4302), (4 + 2) * 4 = 24 bytes
                60, 0x04,                           // next header destination options, payload len 4
                0x00, 0x00,                         // reserved
                0x00, 0x00, 0x10, 0x00,             // SPI
                0x00, 0x00, 0x00, 0x01,             // sequence number
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // ICV (12 bytes)
                // destination options, 8 bytes
                6, 0x00,                            // next header TCP, hdr ext len 0
                0x01, 0x04, 0, 0, 0, 0,             // PadN
                // TCP, 20 bytes
                0x01, 0xBB, 0xC3, 0x51,             // ports 443 -> 50001
                0x00, 0x00, 0x00, 0x07,             // sequence 7
                0x00, 0x00, 0x00, 0x00,             // acknowledgment 0
                0x50, 0x02,                         // data offset 5, flags SYN
                0x72, 0x10,                         // window 29200
                0x00, 0x00, 0x00, 0x00));           // checksum, urgent pointer
    }

    static final int IPV6_EXT_FRAGMENT_OFFSET_FIELD = 14 + 40 + 8 + 8 + 2;

    /**
     * Ethernet + 802.1ad (S-VLAN 300) + 802.1Q (C-VLAN 20) + IPv4 + TCP RST, padded to the
     * Ethernet minimum: the padding must not count as payload.
     */
    static byte[] qinqRstWithPadding() {
        return concat(ethernet(0x88A8), bytes(
                0x01, 0x2C,                         // PCP 0, DEI 0, VLAN id 300 (service tag)
                0x81, 0x00,                         // inner TPID 802.1Q
                0x00, 0x14,                         // VLAN id 20 (customer tag)
                0x08, 0x00,                         // EtherType IPv4
                0x45, 0x00, 0x00, 0x28,             // version 4, IHL 5; total length 40 (no payload)
                0x00, 0x00, 0x40, 0x00,             // id 0, DF
                0x3F, 0x06, 0x00, 0x00,             // TTL 63, TCP
                0xC6, 0x33, 0x64, 0x0A,             // source 198.51.100.10
                0xC0, 0x00, 0x02, 0x0A,             // destination 192.0.2.10
                0x1F, 0x41, 0xDD, 0x02,             // ports 8001 -> 56578
                0x00, 0x00, 0x00, 0x00,             // sequence 0
                0x11, 0x00, 0x00, 0x01,             // acknowledgment 285212673
                0x50, 0x14,                         // data offset 5, RST + ACK
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // window 0, checksum, urgent
                0, 0, 0, 0, 0, 0));                 // Ethernet padding
    }

    /** ICMP destination unreachable (host), quoting an IPv4 header and only 8 bytes of TCP. */
    static byte[] icmpHostUnreachableShortQuote() {
        return concat(ethernet(0x0800), bytes(
                0x45, 0x00, 0x00, 0x38,             // IPv4, total length 56 = 20 + 8 ICMP + 20 + 8
                0xAB, 0xCD, 0x00, 0x00,             // id 0xABCD
                0xFE, 0x01, 0x00, 0x00,             // TTL 254, protocol ICMP
                0xCB, 0x00, 0x71, 0x01,             // source 203.0.113.1 (the reporting router)
                0xC0, 0x00, 0x02, 0x0A,             // destination 192.0.2.10
                // ICMP (RFC 792)
                0x03, 0x01,                         // type 3 destination unreachable, code 1 host
                0x00, 0x00,                         // checksum
                0x00, 0x00, 0x00, 0x00,             // unused
                // quoted IPv4 header of the SYN
                0x45, 0x00, 0x00, 0x3C,             // IPv4, total length 60 (of the original)
                0x11, 0x22, 0x40, 0x00,             // id, DF
                0x01, 0x06, 0x00, 0x00,             // TTL 1 (as it arrived), protocol TCP
                0xC0, 0x00, 0x02, 0x0A,             // source 192.0.2.10
                0xC6, 0x33, 0x64, 0x63,             // destination 198.51.100.99
                // first 8 bytes of the quoted TCP header
                0xAF, 0xC8, 0x00, 0x50,             // ports 45000 -> 80
                0x0A, 0x0B, 0x0C, 0x0D));           // sequence 168496141
    }

    /** ICMPv6 destination unreachable (admin prohibited) quoting IPv6 + dest options + 8 bytes of TCP. */
    static byte[] icmpv6AdminProhibited() {
        return concat(ethernet(0x86DD), bytes(
                0x60, 0x00, 0x00, 0x00,             // IPv6
                0x00, 0x40,                         // payload length 64 = 8 ICMPv6 + 40 + 8 + 8
                58, 0x40,                           // next header ICMPv6, hop limit 64
                0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFE,   // source 2001:db8::fe (router)
                0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,   // destination 2001:db8::1
                // ICMPv6 (RFC 4443)
                0x01, 0x01,                         // type 1 destination unreachable, code 1 admin prohibited
                0x00, 0x00, 0, 0, 0, 0,             // checksum, unused
                // quoted IPv6 header
                0x60, 0x00, 0x00, 0x00,
                0x00, 0x30,                         // payload length 48 (of the original)
                60, 0x3F,                           // next header destination options, hop limit 63
                0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,   // source 2001:db8::1
                0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,   // destination 2001:db8::2
                6, 0x00, 0x01, 0x04, 0, 0, 0, 0,    // destination options: next TCP, PadN
                0xC3, 0x51, 0x01, 0xBB,             // ports 50001 -> 443
                0x00, 0x00, 0x00, 0x07));           // sequence 7
    }
}
