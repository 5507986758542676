package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.Fixtures.bytes;
import static dev.synscope.probe.decode.Fixtures.concat;
import static dev.synscope.probe.decode.Fixtures.cut;
import static dev.synscope.probe.decode.TunnelFixtures.innerIpv4Tcp;
import static dev.synscope.probe.decode.TunnelFixtures.innerIpv6Tcp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Link types and link-layer shims added for Zeek parity, on hand-written frames: PPP (and HDLC),
 * PPPoE, MPLS, FDDI, 802.11 and radiotap, NFLOG, LLC/SNAP, PBB, VN-Tag.
 */
class LinkEncapsulationTest {

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

    private void assertSkipped(boolean decoded, SkipReason reason) {
        assertThat(decoded).as("decoded").isFalse();
        assertThat(decoder.counters().snapshot()).containsExactly(Map.entry(reason.reason(), 1L));
        decoder.counters().reset();
    }

    private void assertInnerIpv4(boolean decoded) {
        assertThat(decoded).as("decoded, skips %s", decoder.counters().snapshot()).isTrue();
        assertThat(out.ipVersion).isEqualTo(4);
        assertThat(out.srcAddress()).containsExactly(192, 0, 2, 10);
        assertThat(out.srcPort).isEqualTo(50000);
        assertThat(out.dstPort).isEqualTo(80);
        assertThat(out.payloadLength).isEqualTo(12);
        assertThat(out.tunnelDepth).isZero();
        assertThat(decoder.counters().snapshot()).isEmpty();
    }

    private void assertInnerIpv6(boolean decoded) {
        assertThat(decoded).as("decoded, skips %s", decoder.counters().snapshot()).isTrue();
        assertThat(out.ipVersion).isEqualTo(6);
        assertThat(out.dstPort).isEqualTo(443);
    }

    @Nested
    class Ppp {

        @Test
        void withAndWithoutHdlcAddressAndControl() {
            assertInnerIpv4(decode(LinkType.PPP, concat(bytes(0xFF, 0x03, 0x00, 0x21), innerIpv4Tcp())));
            assertInnerIpv4(decode(LinkType.PPP, concat(bytes(0x00, 0x21), innerIpv4Tcp())));
            assertInnerIpv6(decode(LinkType.PPP_SERIAL, concat(bytes(0xFF, 0x03, 0x00, 0x57), innerIpv6Tcp())));
        }

        @Test
        void compressedOneByteProtocol() {
            assertInnerIpv4(decode(LinkType.PPP, concat(bytes(0x21), innerIpv4Tcp())));
        }

        @Test
        void ciscoHdlcCarriesAnEtherType() {
            assertInnerIpv4(decode(LinkType.C_HDLC, concat(bytes(0x0F, 0x00, 0x08, 0x00), innerIpv4Tcp())));
            assertInnerIpv6(decode(LinkType.PPP_SERIAL, concat(bytes(0x8F, 0x00, 0x86, 0xDD), innerIpv6Tcp())));
        }

        @Test
        void controlProtocolsAreNotIp() {
            assertSkipped(decode(LinkType.PPP, bytes(0xFF, 0x03, 0xC0, 0x21, 0x01, 0x01, 0x00, 0x04)),
                    SkipReason.NOT_IP);
        }

        @Test
        void truncated() {
            assertSkipped(decode(LinkType.PPP, bytes(0xFF)), SkipReason.TRUNCATED_LINK);
            assertSkipped(decode(LinkType.PPP, bytes(0xFF, 0x03, 0x00)), SkipReason.TRUNCATED_LINK);
        }
    }

    @Nested
    class Pppoe {

        private final byte[] session = bytes(
                0x11, 0x00,                         // version 1, type 1, code 0 (session data)
                0x12, 0x34,                         // session id
                0x00, 0x4E,                         // length 78 = PPP protocol 2 + 76
                0x00, 0x21);                        // PPP protocol IPv4

        @Test
        void sessionInEthernetAndInVlans() {
            assertInnerIpv4(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(0x8864), session, innerIpv4Tcp())));
            byte[] qinq = concat(Fixtures.ethernet(0x88A8), bytes(0x00, 0x0A, 0x81, 0x00, 0x00, 0x14, 0x88, 0x64),
                    session, innerIpv4Tcp());
            assertInnerIpv4(decode(LinkType.ETHERNET, qinq));
            assertThat(out.vlan).isEqualTo(10);
        }

        @Test
        void dltPppEther() {
            assertInnerIpv4(decode(LinkType.PPP_ETHER, concat(session, innerIpv4Tcp())));
        }

        @Test
        void lcpAndDiscoveryAreNotIp() {
            byte[] lcp = session.clone();
            lcp[6] = (byte) 0xC0;
            assertSkipped(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(0x8864), lcp, bytes(1, 1, 0, 4))),
                    SkipReason.NOT_IP);
            assertSkipped(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(0x8863), session)), SkipReason.NOT_IP);
        }

        @Test
        void truncated() {
            assertSkipped(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(0x8864), cut(session, 7))),
                    SkipReason.TRUNCATED_LINK);
        }
    }

    @Nested
    class Mpls {

        @Test
        void labelStackThenIpv4OrIpv6ByTheVersionNibble() {
            byte[] twoLabels = bytes(
                    0x00, 0x01, 0x00, 0x40,         // label 16, S = 0, TTL 64
                    0x00, 0x02, 0x01, 0x40);        // label 32, S = 1 (bottom of stack)
            assertInnerIpv4(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(0x8847), twoLabels, innerIpv4Tcp())));
            assertInnerIpv6(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(0x8848), twoLabels, innerIpv6Tcp())));
        }

        @Test
        void inAVlan() {
            byte[] frame = concat(Fixtures.ethernet(0x8100), bytes(0x00, 0x07, 0x88, 0x47),
                    bytes(0x00, 0x01, 0x01, 0x40), innerIpv4Tcp());
            assertInnerIpv4(decode(LinkType.ETHERNET, frame));
            assertThat(out.vlan).isEqualTo(7);
        }

        @Test
        void aPseudowireControlWordIsNotIp() {
            assertSkipped(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(0x8847), bytes(0x00, 0x01, 0x01, 0x40),
                    bytes(0x00, 0x00, 0x00, 0x00), Fixtures.ethernet(0x0800), innerIpv4Tcp())), SkipReason.NOT_IP);
        }

        @Test
        void aStackWithoutItsBottomIsTruncated() {
            assertSkipped(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(0x8847), bytes(0x00, 0x01, 0x00, 0x40,
                    0x00, 0x01))), SkipReason.TRUNCATED_LINK);
        }
    }

    @Nested
    class Ieee80211 {

        private final byte[] snapIpv4 = bytes(0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00);

        /** An 802.11 MAC header with the given frame control bytes and {@code extra} bytes after it. */
        private byte[] mac(int control, int flags, int extra) {
            byte[] header = new byte[24 + extra];
            header[0] = (byte) control;
            header[1] = (byte) flags;
            for (int i = 4; i < 22; i++) {
                header[i] = (byte) i;               // three addresses
            }
            return header;
        }

        @Test
        void dataFrameWithLlcSnap() {
            assertInnerIpv4(decode(LinkType.IEEE802_11, concat(mac(0x08, 0x01, 0), snapIpv4, innerIpv4Tcp())));
        }

        @Test
        void qosDataFourAddressesAndHtControl() {
            assertInnerIpv4(decode(LinkType.IEEE802_11, concat(mac(0x88, 0x02, 2), snapIpv4, innerIpv4Tcp())));
            assertInnerIpv4(decode(LinkType.IEEE802_11, concat(mac(0x88, 0x03, 6 + 2), snapIpv4, innerIpv4Tcp())));
            assertInnerIpv4(decode(LinkType.IEEE802_11, concat(mac(0x88, 0x81, 2 + 4), snapIpv4, innerIpv4Tcp())));
        }

        @Test
        void firstSubframeOfAnAmsdu() {
            byte[] header = mac(0x88, 0x01, 2);
            header[24] = (byte) 0x80;               // QoS control: A-MSDU present
            byte[] subframe = concat(new byte[12], bytes(0x00, 8 + 76));   // DA, SA, length
            assertInnerIpv4(decode(LinkType.IEEE802_11, concat(header, subframe, snapIpv4, innerIpv4Tcp())));
        }

        @Test
        void protectedFramesAreCounted() {
            assertSkipped(decode(LinkType.IEEE802_11, concat(mac(0x08, 0x41, 0), new byte[8], innerIpv4Tcp())),
                    SkipReason.WLAN_PROTECTED);
        }

        @Test
        void managementControlAndNullFramesAreNotIp() {
            assertSkipped(decode(LinkType.IEEE802_11, mac(0x80, 0x00, 12)), SkipReason.NOT_IP);  // beacon
            assertSkipped(decode(LinkType.IEEE802_11, mac(0xD4, 0x00, 0)), SkipReason.NOT_IP);   // ACK
            assertSkipped(decode(LinkType.IEEE802_11, mac(0x48, 0x01, 0)), SkipReason.NOT_IP);   // null data
        }

        @Test
        void nonSnapLlcIsNotIp() {
            assertSkipped(decode(LinkType.IEEE802_11, concat(mac(0x08, 0x01, 0), bytes(0x42, 0x42, 0x03, 0, 0, 0))),
                    SkipReason.NOT_IP);
        }

        @Test
        void badVersionAndTruncation() {
            assertSkipped(decode(LinkType.IEEE802_11, concat(mac(0x09, 0x01, 0), snapIpv4)), SkipReason.BAD_LINK_HEADER);
            assertSkipped(decode(LinkType.IEEE802_11, cut(mac(0x08, 0x01, 0), 20)), SkipReason.TRUNCATED_LINK);
            assertSkipped(decode(LinkType.IEEE802_11, cut(mac(0x88, 0x03, 8), 30)), SkipReason.TRUNCATED_LINK);
            assertSkipped(decode(LinkType.IEEE802_11, concat(mac(0x08, 0x01, 0), cut(snapIpv4, 5))),
                    SkipReason.TRUNCATED_LINK);
        }

        @Test
        void radiotapLengthIsLittleEndian() {
            byte[] radiotap = bytes(
                    0x00, 0x00,                     // version 0, pad
                    0x0C, 0x00,                     // length 12, little-endian
                    0x02, 0x00, 0x00, 0x00,         // present: flags
                    0x10, 0x00, 0x00, 0x00);        // flags: FCS at end; padding
            byte[] frame = concat(radiotap, mac(0x08, 0x02, 0), snapIpv4, innerIpv4Tcp(), bytes(1, 2, 3, 4));
            assertInnerIpv4(decode(LinkType.IEEE802_11_RADIOTAP, frame));
        }

        @Test
        void radiotapImpossibleOrCutLengths() {
            assertSkipped(decode(LinkType.IEEE802_11_RADIOTAP, bytes(0, 0, 4, 0, 0, 0, 0, 0, 0, 0)),
                    SkipReason.BAD_LINK_HEADER);
            assertSkipped(decode(LinkType.IEEE802_11_RADIOTAP, bytes(1, 0, 8, 0, 0, 0, 0, 0, 0, 0)),
                    SkipReason.BAD_LINK_HEADER);
            assertSkipped(decode(LinkType.IEEE802_11_RADIOTAP, bytes(0, 0, 0x00, 0x01, 0, 0, 0, 0)),
                    SkipReason.TRUNCATED_LINK);
            assertSkipped(decode(LinkType.IEEE802_11_RADIOTAP, bytes(0, 0, 8)), SkipReason.TRUNCATED_LINK);
        }
    }

    @Nested
    class Nflog {

        private byte[] nflog(boolean bigEndian, byte[] packet) {
            int length = 4 + packet.length;
            byte[] prefix = bigEndian
                    ? bytes(0x00, 0x08, 0x00, 0x0A, 'a', 'b', 'c', 0)       // NFULA_PREFIX "abc", length 8
                    : bytes(0x08, 0x00, 0x0A, 0x00, 'a', 'b', 'c', 0);
            byte[] hw = bigEndian
                    ? bytes(0x00, 0x05, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00)  // length 5, padded to 8
                    : bytes(0x05, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00);
            byte[] payloadTlv = bigEndian
                    ? bytes(length >>> 8, length & 0xFF, 0x00, 0x09)
                    : bytes(length & 0xFF, length >>> 8, 0x09, 0x00);
            return concat(bytes(0x02, 0x00, 0x00, 0x00),   // AF_INET, version 0, resource id 0
                    prefix, hw, payloadTlv, packet);
        }

        @Test
        void payloadTlvInEitherHostByteOrder() {
            assertInnerIpv4(decode(LinkType.NFLOG, nflog(false, innerIpv4Tcp())));
            assertInnerIpv4(decode(LinkType.NFLOG, nflog(true, innerIpv4Tcp())));
        }

        @Test
        void anImpossibleTlvLength() {
            byte[] frame = nflog(false, innerIpv4Tcp());
            frame[4] = 2;                           // prefix TLV length 2 (< 4)
            assertSkipped(decode(LinkType.NFLOG, frame), SkipReason.BAD_LINK_HEADER);
        }

        @Test
        void noPayloadTlvIsTruncated() {
            assertSkipped(decode(LinkType.NFLOG, cut(nflog(false, innerIpv4Tcp()), 4 + 16)), SkipReason.TRUNCATED_LINK);
            assertSkipped(decode(LinkType.NFLOG, bytes(0x02, 0x00)), SkipReason.TRUNCATED_LINK);
        }

        @Test
        void thePayloadTlvBoundsThePacket() {
            byte[] frame = nflog(false, innerIpv4Tcp());
            int at = 4 + 16;
            frame[at] = 4 + 30;                     // payload TLV says 30 bytes: the TCP header is not in it
            assertSkipped(decode(LinkType.NFLOG, frame), SkipReason.TRUNCATED_TCP);
        }
    }

    @Nested
    class OtherShims {

        private final byte[] snapIpv4 = bytes(0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00);

        @Test
        void fddiWithLlcSnap() {
            byte[] fddi = concat(bytes(0x50), new byte[12]);   // frame control (LLC, async), two MACs
            assertInnerIpv4(decode(LinkType.FDDI, concat(fddi, snapIpv4, innerIpv4Tcp())));
            assertSkipped(decode(LinkType.FDDI, cut(fddi, 10)), SkipReason.TRUNCATED_LINK);
        }

        @Test
        void ethernet8023WithLlcSnap() {
            assertInnerIpv4(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(8 + 76), snapIpv4, innerIpv4Tcp())));
            // spanning tree: LLC without SNAP
            assertSkipped(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(38), bytes(0x42, 0x42, 0x03, 0, 0))),
                    SkipReason.NOT_IP);
        }

        @Test
        void providerBackboneBridging() {
            byte[] itag = bytes(0x00, 0x00, 0x01, 0x00);      // I-TAG: I-SID 256
            byte[] customer = Fixtures.ethernet(0x0800);      // customer MACs + EtherType
            assertInnerIpv4(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(0x88E7), itag, customer, innerIpv4Tcp())));
            assertSkipped(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(0x88E7), itag, cut(customer, 8))),
                    SkipReason.TRUNCATED_LINK);
        }

        @Test
        void vnTag() {
            assertInnerIpv4(decode(LinkType.ETHERNET, concat(Fixtures.ethernet(0x8926), bytes(0x80, 0x01, 0x00, 0x02,
                    0x08, 0x00), innerIpv4Tcp())));
        }
    }
}
