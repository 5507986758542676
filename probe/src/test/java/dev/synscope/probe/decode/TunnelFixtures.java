package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.Fixtures.bytes;
import static dev.synscope.probe.decode.Fixtures.concat;

import java.util.Arrays;
import java.util.List;

/**
 * Building blocks for encapsulated frames, byte by byte (addresses from RFC 5737 / RFC 3849).
 * The inner packet is always {@link #innerIpv4Tcp()} (192.0.2.10:50000 -> 198.51.100.10:80) or
 * {@link #innerIpv6Tcp()}; outer headers use 203.0.113.1 -> 203.0.113.2 / 2001:db8::1 -> ::2, so a
 * test can tell which layer an observation came from. Every method returns a fresh array.
 */
final class TunnelFixtures {

    private TunnelFixtures() {
    }

    /** Fixtures.ipv4Tcp() without its Ethernet header: 76 bytes of IPv4 (IHL 6) + TCP (40) + 12 payload. */
    static byte[] innerIpv4Tcp() {
        byte[] frame = Fixtures.ipv4Tcp();
        return Arrays.copyOfRange(frame, Fixtures.IPV4_TCP_IP, frame.length);
    }

    /** IPv6 (2001:db8::10 -> 2001:db8::20, or Teredo 2001:0:: addresses) + a 20-byte TCP SYN, 60 bytes. */
    static byte[] innerIpv6Tcp(boolean teredoAddresses) {
        int p = teredoAddresses ? 0x00 : 0x0D;
        int q = teredoAddresses ? 0x00 : 0xB8;
        return bytes(
                0x60, 0x00, 0x00, 0x00,             // version 6, traffic class 0, flow label 0
                0x00, 0x14,                         // payload length 20
                0x06,                               // next header TCP
                0x40,                               // hop limit 64
                0x20, 0x01, p, q, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,   // source 2001:db8::10 / 2001:0::10
                0x20, 0x01, p, q, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20,   // destination ...::20
                0xD4, 0x31,                         // source port 54321
                0x01, 0xBB,                         // destination port 443
                0x00, 0x00, 0x00, 0x01,             // sequence 1
                0x00, 0x00, 0x00, 0x00,             // acknowledgment 0
                0x50, 0x02,                         // data offset 5, SYN
                0x10, 0x00,                         // window 4096
                0x00, 0x00, 0x00, 0x00);            // checksum, urgent pointer
    }

    static byte[] innerIpv6Tcp() {
        return innerIpv6Tcp(false);
    }

    /** IPv4 header (IHL 5) from 203.0.113.1 to 203.0.113.2 carrying {@code payload} as {@code protocol}. */
    static byte[] outerIpv4(int protocol, byte[] payload) {
        int total = 20 + payload.length;
        return concat(bytes(
                0x45, 0x00,                         // version 4, IHL 5, DSCP/ECN
                total >>> 8, total & 0xFF,          // total length
                0xBE, 0xEF, 0x00, 0x00,             // identification, no flags, offset 0
                0x20,                               // TTL 32 (the inner has 64)
                protocol,                           // protocol
                0x00, 0x00,                         // header checksum
                0xCB, 0x00, 0x71, 0x01,             // source 203.0.113.1
                0xCB, 0x00, 0x71, 0x02),            // destination 203.0.113.2
                payload);
    }

    /** IPv6 header from 2001:db8::1 to 2001:db8::2 carrying {@code payload} as {@code nextHeader}. */
    static byte[] outerIpv6(int nextHeader, byte[] payload) {
        int length = payload.length;
        return concat(bytes(
                0x60, 0x00, 0x00, 0x00,             // version 6
                length >>> 8, length & 0xFF,        // payload length
                nextHeader,                         // next header
                0x20,                               // hop limit 32
                0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,   // source 2001:db8::1
                0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02),  // destination 2001:db8::2
                payload);
    }

    /** UDP header (checksum 0: not verified) with a correct length. */
    static byte[] udp(int srcPort, int dstPort, byte[] payload) {
        int length = 8 + payload.length;
        return concat(bytes(
                srcPort >>> 8, srcPort & 0xFF,
                dstPort >>> 8, dstPort & 0xFF,
                length >>> 8, length & 0xFF,
                0x00, 0x00),
                payload);
    }

    /** Ethernet + outer IPv4 + UDP to {@code dstPort} + payload: the usual UDP tunnel frame. */
    static byte[] udpTunnel(int dstPort, byte[] payload) {
        return concat(Fixtures.ethernet(0x0800), outerIpv4(17, udp(49152, dstPort, payload)));
    }

    /** Ethernet + outer IPv4 + GRE. */
    static byte[] greFrame(byte[] greAndPayload) {
        return concat(Fixtures.ethernet(0x0800), outerIpv4(47, greAndPayload));
    }

    /** Basic 4-byte GRE header (RFC 2784) with the given flags/version word and protocol type. */
    static byte[] gre(int flagsAndVersion, int protocol) {
        return bytes(flagsAndVersion >>> 8, flagsAndVersion & 0xFF, protocol >>> 8, protocol & 0xFF);
    }

    /** VXLAN header, I flag set, VNI 42. */
    static byte[] vxlan() {
        return bytes(
                0x08, 0x00, 0x00, 0x00,             // flags: I; reserved
                0x00, 0x00, 0x2A, 0x00);            // VNI 42, reserved
    }

    /** Ethernet header for the inner IPv4 packet. */
    static byte[] innerEthernet() {
        return Fixtures.ethernet(0x0800);
    }

    /** Ethernet with one 802.1Q tag (VLAN {@code vlan}) then IPv4. */
    static byte[] ethernetVlan(int vlan) {
        return concat(Fixtures.ethernet(0x8100), bytes(vlan >>> 8, vlan & 0xFF, 0x08, 0x00));
    }

    /** {@code levels} IPv4-in-IPv4 headers around the inner packet, in Ethernet. */
    static byte[] ipInIp(int levels) {
        byte[] packet = innerIpv4Tcp();
        for (int i = 0; i < levels; i++) {
            packet = outerIpv4(4, packet);
        }
        return concat(Fixtures.ethernet(0x0800), packet);
    }

    /**
     * One frame per encapsulation, for the fuzzing, mutation and allocation tests ({@link FrameCorpus}):
     * every one decodes to a TCP observation unmutated.
     */
    static List<FrameCorpus.Seed> seeds() {
        byte[] snapIpv4 = bytes(0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00);
        byte[] wlan = new byte[26];
        wlan[0] = (byte) 0x88;                      // QoS data
        wlan[1] = 0x01;                             // ToDS
        byte[] nflogPayload = bytes(76 + 4, 0x00, 0x09, 0x00);
        return List.of(
                new FrameCorpus.Seed(LinkType.ETHERNET, ipInIp(HeaderDecoder.MAX_TUNNEL_DEPTH)),
                new FrameCorpus.Seed(LinkType.ETHERNET, greFrame(concat(gre(0x1000, 0x88BE),
                        bytes(0, 0, 0, 1, 0x10, 0x64, 0, 5, 0, 0, 0, 0), innerEthernet(), innerIpv4Tcp()))),
                new FrameCorpus.Seed(LinkType.ETHERNET, greFrame(concat(gre(0x3081, 0x880B),
                        bytes(0, 0x50, 0, 1, 0, 0, 0, 9, 0, 0, 0, 8, 0xFF, 0x03, 0x00, 0x21), innerIpv4Tcp()))),
                new FrameCorpus.Seed(LinkType.ETHERNET, udpTunnel(4789, concat(vxlan(), ethernetVlan(5),
                        innerIpv4Tcp()))),
                new FrameCorpus.Seed(LinkType.ETHERNET, udpTunnel(6081, concat(bytes(0x01, 0, 0x65, 0x58,
                        0, 0, 0x2A, 0, 0x01, 0x01, 0x80, 0x00), innerEthernet(), innerIpv4Tcp()))),
                new FrameCorpus.Seed(LinkType.ETHERNET, udpTunnel(2152, concat(bytes(0x34, 0xFF, 0, 0x4C, 0, 0, 0,
                        1, 0, 5, 0, 0x85, 0x01, 0x10, 0x09, 0x00), innerIpv6Tcp()))),
                new FrameCorpus.Seed(LinkType.ETHERNET, udpTunnel(3544, concat(bytes(0, 0, 1, 2, 3, 4, 5, 6),
                        innerIpv6Tcp()))),
                new FrameCorpus.Seed(LinkType.ETHERNET, udpTunnel(5072, concat(bytes(0x41, 0x52, 0x11, 0x29,
                        0, 0, 0, 0), new byte[36], innerIpv6Tcp()))),
                new FrameCorpus.Seed(LinkType.ETHERNET, concat(Fixtures.ethernet(0x8847),
                        bytes(0, 1, 0, 0x40, 0, 2, 1, 0x40), innerIpv4Tcp())),
                new FrameCorpus.Seed(LinkType.ETHERNET, concat(Fixtures.ethernet(0x8864),
                        bytes(0x11, 0, 0x12, 0x34, 0, 0x4E, 0, 0x21), innerIpv4Tcp())),
                new FrameCorpus.Seed(LinkType.PPP, concat(bytes(0xFF, 0x03, 0x00, 0x21), innerIpv4Tcp())),
                new FrameCorpus.Seed(LinkType.NFLOG, concat(bytes(0x02, 0, 0, 0, 0x08, 0, 0x0A, 0, 'a', 'b', 0, 0),
                        nflogPayload, innerIpv4Tcp())),
                new FrameCorpus.Seed(LinkType.IEEE802_11_RADIOTAP, concat(bytes(0, 0, 8, 0, 0, 0, 0, 0), wlan,
                        snapIpv4, innerIpv4Tcp())));
    }
}
