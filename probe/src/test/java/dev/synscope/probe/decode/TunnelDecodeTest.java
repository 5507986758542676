package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.Fixtures.bytes;
import static dev.synscope.probe.decode.Fixtures.concat;
import static dev.synscope.probe.decode.Fixtures.cut;
import static dev.synscope.probe.decode.TunnelFixtures.gre;
import static dev.synscope.probe.decode.TunnelFixtures.greFrame;
import static dev.synscope.probe.decode.TunnelFixtures.innerEthernet;
import static dev.synscope.probe.decode.TunnelFixtures.innerIpv4Tcp;
import static dev.synscope.probe.decode.TunnelFixtures.innerIpv6Tcp;
import static dev.synscope.probe.decode.TunnelFixtures.outerIpv4;
import static dev.synscope.probe.decode.TunnelFixtures.outerIpv6;
import static dev.synscope.probe.decode.TunnelFixtures.udp;
import static dev.synscope.probe.decode.TunnelFixtures.udpTunnel;
import static dev.synscope.probe.decode.TunnelFixtures.vxlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.ObservationKind;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Tunnels on hand-written frames (see {@link TunnelFixtures}): each encapsulation decoded to the
 * inner connection, cut at its tunnel header, and nested past {@link HeaderDecoder#MAX_TUNNEL_DEPTH}.
 */
class TunnelDecodeTest {

    private HeaderDecoder decoder;
    private DecodedHeader out;

    @BeforeEach
    void setUp() {
        decoder = new HeaderDecoder();
        out = new DecodedHeader();
    }

    private boolean decode(LinkType link, byte[] frame) {
        return decoder.decode(link, frame, 0, frame.length, 1L, out);
    }

    private boolean decodeEth(byte[] frame) {
        return decode(LinkType.ETHERNET, frame);
    }

    private void assertSkipped(boolean decoded, SkipReason reason) {
        assertThat(decoded).as("decoded").isFalse();
        assertThat(decoder.counters().snapshot()).containsExactly(Map.entry(reason.reason(), 1L));
        assertThat(decoder.counters().decodedCount()).isZero();
    }

    /** The observation is the inner IPv4 connection, not the outer packet. */
    private void assertInnerIpv4(boolean decoded, int depth) {
        assertThat(decoded).as("decoded, skips %s", decoder.counters().snapshot()).isTrue();
        assertThat(out.kind).isEqualTo(ObservationKind.TCP);
        assertThat(out.ipVersion).isEqualTo(4);
        assertThat(out.srcAddress()).containsExactly(192, 0, 2, 10);
        assertThat(out.dstAddress()).containsExactly(198, 51, 100, 10);
        assertThat(out.srcPort).isEqualTo(50000);
        assertThat(out.dstPort).isEqualTo(80);
        assertThat(out.ttl).as("inner TTL").isEqualTo(64);
        assertThat(out.ipLength).as("inner IP length").isEqualTo(76);
        assertThat(out.payloadLength).isEqualTo(12);
        assertThat(out.mss).isEqualTo(1460);
        assertThat(out.tunnelDepth).isEqualTo(depth);
        assertThat(decoder.counters().snapshot()).isEmpty();
    }

    private void assertInnerIpv6(boolean decoded, int depth) {
        assertThat(decoded).as("decoded, skips %s", decoder.counters().snapshot()).isTrue();
        assertThat(out.ipVersion).isEqualTo(6);
        assertThat(out.srcPort).isEqualTo(54321);
        assertThat(out.dstPort).isEqualTo(443);
        assertThat(out.flags).isEqualTo(DecodedHeader.SYN);
        assertThat(out.ipLength).isEqualTo(60);
        assertThat(out.tunnelDepth).isEqualTo(depth);
    }

    @Test
    void everyFuzzingSeedDecodesToTcp() {
        for (FrameCorpus.Seed seed : TunnelFixtures.seeds()) {
            assertThat(decode(seed.link(), seed.frame())).as("%s seed, skips %s", seed.link(),
                    decoder.counters().snapshot()).isTrue();
            assertThat(out.kind).isEqualTo(ObservationKind.TCP);
        }
    }

    @Nested
    class IpInIp {

        @Test
        void fourInFour() {
            assertInnerIpv4(decodeEth(TunnelFixtures.ipInIp(1)), 1);
        }

        @Test
        void sixInFour() {
            assertInnerIpv6(decodeEth(concat(Fixtures.ethernet(0x0800), outerIpv4(41, innerIpv6Tcp()))), 1);
        }

        @Test
        void fourInSixAndSixInSix() {
            assertInnerIpv4(decodeEth(concat(Fixtures.ethernet(0x86DD), outerIpv6(4, innerIpv4Tcp()))), 1);
            assertInnerIpv6(decodeEth(concat(Fixtures.ethernet(0x86DD), outerIpv6(41, innerIpv6Tcp()))), 1);
        }

        @Test
        void protocol41CarryingIpv4IsABadVersion() {
            assertSkipped(decodeEth(concat(Fixtures.ethernet(0x0800), outerIpv4(41, innerIpv4Tcp()))),
                    SkipReason.BAD_IP_VERSION);
        }

        @Test
        void depthUpToTheBoundDecodesOneMoreIsTooDeep() {
            assertInnerIpv4(decodeEth(TunnelFixtures.ipInIp(HeaderDecoder.MAX_TUNNEL_DEPTH)),
                    HeaderDecoder.MAX_TUNNEL_DEPTH);
            decoder.counters().reset();
            assertSkipped(decodeEth(TunnelFixtures.ipInIp(HeaderDecoder.MAX_TUNNEL_DEPTH + 1)),
                    SkipReason.TUNNEL_TOO_DEEP);
        }

        @Test
        void theInnerPacketMayNotReadPastTheOuterPacketsDeclaredEnd() {
            byte[] frame = TunnelFixtures.ipInIp(1);
            // outer total length 20 + 30: the inner IPv4 header (24) fits, its TCP header does not
            frame[14 + 2] = 0;
            frame[14 + 3] = 50;
            assertSkipped(decodeEth(frame), SkipReason.TRUNCATED_TCP);
        }

        @Test
        void innerHeaderCutByTheSnaplen() {
            assertSkipped(decodeEth(cut(TunnelFixtures.ipInIp(1), 14 + 20 + 10)), SkipReason.TRUNCATED_IP);
        }

        @Test
        void outerVlanIsKeptAndTheTtlIsTheInnerOne() {
            byte[] frame = concat(TunnelFixtures.ethernetVlan(100), outerIpv4(4, innerIpv4Tcp()));
            assertInnerIpv4(decodeEth(frame), 1);
            assertThat(out.vlan).isEqualTo(100);
        }
    }

    @Nested
    class Gre {

        @Test
        void carryingIpv4AndIpv6() {
            assertInnerIpv4(decodeEth(greFrame(concat(gre(0x0000, 0x0800), innerIpv4Tcp()))), 1);
            decoder.counters().reset();
            assertInnerIpv6(decodeEth(greFrame(concat(gre(0x0000, 0x86DD), innerIpv6Tcp()))), 1);
        }

        @Test
        void checksumKeyAndSequenceFieldsAreSkipped() {
            byte[] header = concat(gre(0xB000, 0x0800), bytes(
                    0x12, 0x34, 0x00, 0x00,         // checksum, reserved (C)
                    0x00, 0x00, 0x00, 0x2A,         // key 42 (K)
                    0x00, 0x00, 0x00, 0x07));       // sequence 7 (S)
            assertInnerIpv4(decodeEth(greFrame(concat(header, innerIpv4Tcp()))), 1);
        }

        @Test
        void transparentEthernetBridgingWithAnInnerVlanThatIsNotRecorded() {
            byte[] frame = greFrame(concat(gre(0x0000, 0x6558), TunnelFixtures.ethernetVlan(200), innerIpv4Tcp()));
            assertInnerIpv4(decodeEth(frame), 1);
            assertThat(out.vlan).as("VLAN inside the tunnel").isEqualTo(-1);
        }

        @Test
        void erspanTypeOneHasNoHeaderOfItsOwn() {
            assertInnerIpv4(decodeEth(greFrame(concat(gre(0x0000, 0x88BE), innerEthernet(), innerIpv4Tcp()))), 1);
        }

        @Test
        void erspanTypeTwoFollowsTheGreSequenceNumber() {
            byte[] header = concat(gre(0x1000, 0x88BE), bytes(
                    0x00, 0x00, 0x00, 0x01,         // GRE sequence 1
                    0x10, 0x64, 0x00, 0x05,         // ERSPAN II: ver 1, VLAN 100, session 5
                    0x00, 0x00, 0x00, 0x00));       // reserved, index
            assertInnerIpv4(decodeEth(greFrame(concat(header, innerEthernet(), innerIpv4Tcp()))), 1);
        }

        @Test
        void erspanTypeThreeWithItsPlatformSubheader() {
            byte[] header = concat(gre(0x1000, 0x22EB), bytes(
                    0x00, 0x00, 0x00, 0x01,         // GRE sequence 1
                    0x20, 0x00, 0x00, 0x05,         // ERSPAN III: ver 2, VLAN 0, session 5
                    0x11, 0x22, 0x33, 0x44,         // timestamp
                    0x00, 0x00, 0x00, 0x01,         // SGT 0, P 0, FT 0 (Ethernet), hw id 0, O = 1
                    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08));   // platform-specific subheader
            assertInnerIpv4(decodeEth(greFrame(concat(header, innerEthernet(), innerIpv4Tcp()))), 1);
        }

        @Test
        void erspanTypeThreeCarryingIpFramesIsNotFollowed() {
            byte[] header = concat(gre(0x1000, 0x22EB), bytes(
                    0x00, 0x00, 0x00, 0x01,
                    0x20, 0x00, 0x00, 0x05,
                    0x11, 0x22, 0x33, 0x44,
                    0x00, 0x00, 0x08, 0x00));       // FT 2 (IP)
            assertSkipped(decodeEth(greFrame(concat(header, innerIpv4Tcp()))), SkipReason.BAD_TUNNEL);
        }

        @Test
        void pptpEnhancedGreCarryingPpp() {
            byte[] header = concat(gre(0x3081, 0x880B), bytes(
                    0x00, 0x50, 0x00, 0x01,         // key: payload length 80, call id 1
                    0x00, 0x00, 0x00, 0x09,         // sequence 9
                    0x00, 0x00, 0x00, 0x08,         // acknowledgment 8 (A)
                    0xFF, 0x03, 0x00, 0x21));       // PPP: address, control, protocol IPv4
            assertInnerIpv4(decodeEth(greFrame(concat(header, innerIpv4Tcp()))), 1);
        }

        @Test
        void mplsInGre() {
            byte[] frame = greFrame(concat(gre(0x0000, 0x8847), bytes(0x00, 0x01, 0x01, 0x40), innerIpv4Tcp()));
            assertInnerIpv4(decodeEth(frame), 1);
        }

        @Test
        void greOverUdp() {
            assertInnerIpv4(decodeEth(udpTunnel(4754, concat(gre(0x0000, 0x0800), innerIpv4Tcp()))), 1);
        }

        @Test
        void overUdpAnImpossibleHeaderIsPlainUdpNotABadTunnel() {
            assertSkipped(decodeEth(udpTunnel(4754, concat(gre(0x0003, 0x0800), innerIpv4Tcp()))), SkipReason.NOT_TCP);
        }

        @Test
        void greInGre() {
            byte[] inner = outerIpv4(47, concat(gre(0x0000, 0x0800), innerIpv4Tcp()));
            assertInnerIpv4(decodeEth(greFrame(concat(gre(0x0000, 0x0800), inner))), 2);
        }

        @Test
        void routingAndUnknownVersionsAreBadTunnels() {
            assertSkipped(decodeEth(greFrame(concat(gre(0x4000, 0x0800), bytes(0, 0, 0, 0), innerIpv4Tcp()))),
                    SkipReason.BAD_TUNNEL);
            decoder.counters().reset();
            assertSkipped(decodeEth(greFrame(concat(gre(0x0002, 0x0800), innerIpv4Tcp()))), SkipReason.BAD_TUNNEL);
            decoder.counters().reset();
            // version 1 without PPP
            assertSkipped(decodeEth(greFrame(concat(gre(0x2001, 0x0800), bytes(0, 0, 0, 0), innerIpv4Tcp()))),
                    SkipReason.BAD_TUNNEL);
        }

        @Test
        void truncatedHeaders() {
            assertSkipped(decodeEth(greFrame(bytes(0x00, 0x00))), SkipReason.TRUNCATED_TUNNEL);
            decoder.counters().reset();
            // K and S announced, only the key present
            assertSkipped(decodeEth(greFrame(concat(gre(0x3000, 0x0800), bytes(0, 0, 0, 1)))),
                    SkipReason.TRUNCATED_TUNNEL);
        }

        @Test
        void arpInGreIsNotIp() {
            assertSkipped(decodeEth(greFrame(concat(gre(0x0000, 0x0806), bytes(0, 1, 8, 0)))), SkipReason.NOT_IP);
        }
    }

    @Nested
    class Vxlan {

        @Test
        void carriesAnEthernetFrame() {
            assertInnerIpv4(decodeEth(udpTunnel(4789, concat(vxlan(), innerEthernet(), innerIpv4Tcp()))), 1);
        }

        @Test
        void linuxsPreIanaPortAndTheSourcePortAlsoCount() {
            assertInnerIpv4(decodeEth(udpTunnel(8472, concat(vxlan(), innerEthernet(), innerIpv4Tcp()))), 1);
            byte[] reverse = concat(Fixtures.ethernet(0x0800),
                    outerIpv4(17, udp(4789, 50505, concat(vxlan(), innerEthernet(), innerIpv4Tcp()))));
            assertInnerIpv4(decodeEth(reverse), 1);
        }

        @Test
        void withoutTheIFlagItIsPlainUdp() {
            byte[] payload = concat(vxlan(), innerEthernet(), innerIpv4Tcp());
            payload[0] = 0;
            assertSkipped(decodeEth(udpTunnel(4789, payload)), SkipReason.NOT_TCP);
        }

        @Test
        void truncated() {
            assertSkipped(decodeEth(udpTunnel(4789, bytes(0x08, 0, 0, 0))), SkipReason.TRUNCATED_TUNNEL);
            decoder.counters().reset();
            assertSkipped(decodeEth(udpTunnel(4789, concat(vxlan(), bytes(1, 2, 3)))), SkipReason.TRUNCATED_LINK);
        }

        @Test
        void tripleVxlanIsWithinTheBoundFiveIsTooDeep() {
            byte[] packet = innerIpv4Tcp();
            for (int i = 0; i < 3; i++) {
                packet = outerIpv4(17, udp(49152, 4789, concat(vxlan(), innerEthernet(), packet)));
            }
            assertInnerIpv4(decodeEth(concat(Fixtures.ethernet(0x0800), packet)), 3);
            decoder.counters().reset();
            for (int i = 0; i < 2; i++) {
                packet = outerIpv4(17, udp(49152, 4789, concat(vxlan(), innerEthernet(), packet)));
            }
            assertSkipped(decodeEth(concat(Fixtures.ethernet(0x0800), packet)), SkipReason.TUNNEL_TOO_DEEP);
        }
    }

    @Nested
    class Geneve {

        private byte[] geneve(int optionWords, int protocol) {
            byte[] header = bytes(
                    optionWords,                    // version 0, option length in 4-byte words
                    0x00,                           // O, C, reserved
                    protocol >>> 8, protocol & 0xFF,    // protocol type
                    0x00, 0x00, 0x2A, 0x00);        // VNI 42, reserved
            byte[] options = new byte[optionWords * 4];
            for (int i = 0; i < options.length; i += 4) {
                options[i] = 0x01;                  // option class 0x0101, type 0x80, length 0: 4 bytes each
                options[i + 1] = 0x01;
                options[i + 2] = (byte) 0x80;
            }
            return concat(header, options);
        }

        @Test
        void carriesEthernetAfterItsOptions() {
            assertInnerIpv4(decodeEth(udpTunnel(6081, concat(geneve(3, 0x6558), innerEthernet(), innerIpv4Tcp()))),
                    1);
        }

        @Test
        void carriesIpDirectly() {
            assertInnerIpv6(decodeEth(udpTunnel(6081, concat(geneve(0, 0x86DD), innerIpv6Tcp()))), 1);
        }

        @Test
        void optionsPastTheCaptureAreTruncated() {
            assertSkipped(decodeEth(udpTunnel(6081, cut(geneve(8, 0x6558), 20))), SkipReason.TRUNCATED_TUNNEL);
        }

        @Test
        void anUnknownVersionIsNotGenevePlainUdp() {
            byte[] header = geneve(0, 0x6558);
            header[0] = (byte) 0x40;
            assertSkipped(decodeEth(udpTunnel(6081, concat(header, innerEthernet(), innerIpv4Tcp()))),
                    SkipReason.NOT_TCP);
        }
    }

    @Nested
    class GtpU {

        private byte[] gtp(int flags, int type, byte[] optional) {
            return concat(bytes(flags, type, 0x00, 0x4C, 0x00, 0x00, 0x00, 0x01), optional); // length, TEID 1
        }

        @Test
        void gPduCarriesAnIpPacket() {
            assertInnerIpv4(decodeEth(udpTunnel(2152, concat(gtp(0x30, 0xFF, new byte[0]), innerIpv4Tcp()))), 1);
        }

        @Test
        void extensionHeadersAreWalked() {
            byte[] optional = bytes(
                    0x00, 0x05, 0x00,               // sequence 5, N-PDU 0
                    0x85,                           // next extension: PDU session container
                    0x01, 0x10, 0x09,               // length 1 word, contents (QFI 9)
                    0x00);                          // no further extension
            assertInnerIpv6(decodeEth(udpTunnel(2152, concat(gtp(0x34, 0xFF, optional), innerIpv6Tcp()))), 1);
        }

        @Test
        void otherMessagesAreNotTunnelledPackets() {
            assertSkipped(decodeEth(udpTunnel(2152, gtp(0x32, 0x01, bytes(0, 1, 0, 0)))), SkipReason.NOT_TCP);
        }

        @Test
        void zeroLengthExtensionIsABadTunnel() {
            byte[] optional = bytes(0x00, 0x05, 0x00, 0x85, 0x00, 0x00, 0x00, 0x00);
            assertSkipped(decodeEth(udpTunnel(2152, concat(gtp(0x34, 0xFF, optional), innerIpv4Tcp()))),
                    SkipReason.BAD_TUNNEL);
        }

        @Test
        void extensionPastTheCaptureIsTruncated() {
            byte[] optional = bytes(0x00, 0x05, 0x00, 0x85, 0x10, 0x00);   // 64-byte extension, 2 present
            assertSkipped(decodeEth(udpTunnel(2152, concat(gtp(0x34, 0xFF, optional)))), SkipReason.TRUNCATED_TUNNEL);
        }
    }

    @Nested
    class Teredo {

        @Test
        void onItsPortWithAnOriginIndication() {
            byte[] origin = bytes(0x00, 0x00, 0xAB, 0xCD, 0x12, 0x34, 0x56, 0x78);
            assertInnerIpv6(decodeEth(udpTunnel(3544, concat(origin, innerIpv6Tcp()))), 1);
        }

        @Test
        void withAnAuthenticationIndicator() {
            byte[] auth = bytes(0x00, 0x01, 0x01, 0x02, // indicator, id length 1, auth length 2
                    0x07, 0x08, 0x09,               // client id, auth value
                    1, 2, 3, 4, 5, 6, 7, 8,         // nonce
                    0x00);                          // confirmation
            assertInnerIpv6(decodeEth(udpTunnel(3544, concat(auth, innerIpv6Tcp()))), 1);
        }

        @Test
        void onAnyPortWhenOneEndHasATeredoAddress() {
            assertInnerIpv6(decodeEth(udpTunnel(32900, innerIpv6Tcp(true))), 1);
        }

        @Test
        void onAnyPortWithoutATeredoAddressItIsPlainUdp() {
            assertSkipped(decodeEth(udpTunnel(32900, innerIpv6Tcp(false))), SkipReason.NOT_TCP);
        }

        @Test
        void aPayloadThatIsNotExactlyOneIpv6PacketIsPlainUdp() {
            assertSkipped(decodeEth(udpTunnel(3544, concat(innerIpv6Tcp(), bytes(0, 0, 0, 0)))), SkipReason.NOT_TCP);
        }
    }

    @Nested
    class Ayiya {

        @Test
        void forwardsIpv6AfterIdentityAndSignature() {
            byte[] header = concat(bytes(
                    0x41,                           // identity 2^4 = 16 bytes, type 1 (integer)
                    0x52,                           // signature 5 words = 20 bytes, hash SHA-1
                    0x11,                           // auth method 1, opcode 1 (forward)
                    0x29,                           // next header 41 (IPv6)
                    0x5F, 0x00, 0x00, 0x00),        // epoch time
                    new byte[16], new byte[20]);
            assertInnerIpv6(decodeEth(udpTunnel(5072, concat(header, innerIpv6Tcp()))), 1);
        }

        @Test
        void hugeIdentityPastTheCaptureIsTruncated() {
            byte[] header = bytes(0xF1, 0x00, 0x11, 0x04, 0, 0, 0, 0);   // identity 32 KiB
            assertSkipped(decodeEth(udpTunnel(5072, concat(header, innerIpv4Tcp()))), SkipReason.TRUNCATED_TUNNEL);
        }
    }

    @Nested
    class FirstFragments {

        /** The inner IPv4 packet as a first fragment (MF) of {@code fragmentLength} bytes. */
        private byte[] firstFragment(int fragmentLength) {
            byte[] frame = concat(Fixtures.ethernet(0x0800), cut(innerIpv4Tcp(), fragmentLength));
            frame[14 + 2] = 0;
            frame[14 + 3] = (byte) fragmentLength;
            frame[14 + 6] = 0x20;                   // MF, offset 0
            frame[14 + 7] = 0x00;
            return frame;
        }

        @Test
        void aFirstFragmentIsDecodedWithThePayloadItCarries() {
            assertThat(decodeEth(firstFragment(24 + 40 + 4))).isTrue();
            assertThat(out.srcPort).isEqualTo(50000);
            assertThat(out.payloadLength).as("4 of the segment's 12 bytes are in this fragment").isEqualTo(4);
            assertThat(out.mss).isEqualTo(1460);
            assertThat(decoder.counters().annotationSnapshot()).isEmpty();
        }

        @Test
        void aFirstFragmentEndingInsideTheOptionsKeepsTheFixedFields() {
            assertThat(decodeEth(firstFragment(24 + 24))).isTrue();
            assertThat(out.dstPort).isEqualTo(80);
            assertThat(out.flags).isEqualTo(0x1FF);
            assertThat(out.payloadLength).isZero();
            assertThat(out.mss).isEqualTo(1460);
            assertThat(out.tsVal).as("past the fragment").isEqualTo(-1);
            assertThat(out.optionsIncomplete).isTrue();
            assertThat(decoder.counters().annotationSnapshot()).containsExactly(
                    Map.entry(SkipReason.TRUNCATED_TCP_OPTIONS.reason(), 1L));
        }

        @Test
        void aFirstFragmentWithoutTheFixedTcpHeaderIsABadLength() {
            assertSkipped(decodeEth(firstFragment(24 + 16)), SkipReason.BAD_IP_LENGTH);
        }

        @Test
        void withoutMoreFragmentsAShortPacketIsStillABadOffset() {
            byte[] frame = firstFragment(24 + 24);
            frame[14 + 6] = 0x40;                   // DF, not MF
            assertSkipped(decodeEth(frame), SkipReason.BAD_TCP_OFFSET);
        }

        @Test
        void laterFragmentsStaySkipped() {
            byte[] frame = firstFragment(24 + 40);
            frame[14 + 7] = 0x08;                   // offset 64 bytes
            assertSkipped(decodeEth(frame), SkipReason.LATER_FRAGMENT);
        }
    }
}
