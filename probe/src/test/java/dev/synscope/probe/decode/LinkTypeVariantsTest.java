package dev.synscope.probe.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same real IP packets seen through every other link type we support: the Ethernet header of
 * each frame of the real captures is replaced by a raw-IP, DLT_NULL (both byte orders) or DLT_LOOP
 * header, and the result must decode exactly like the Ethernet original (VLAN aside).
 */
class LinkTypeVariantsTest {

    private static final int ETHERNET_HEADER = 14;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ipv4-tcp", "ipv4-icmp", "ipv4-frag", "ipv6-tcp"})
    void everyLinkTypeDecodesTheSamePackets(String name) throws IOException {
        PcapFile pcap = RealCaptureDecodeTest.pcap(name);
        assertThat(pcap.linkType()).isEqualTo(LinkType.ETHERNET.dlt());
        int compared = 0;
        for (PcapFile.Frame frame : pcap.frames()) {
            byte[] eth = frame.data();
            int etherType = (eth[12] & 0xFF) << 8 | (eth[13] & 0xFF);
            if (etherType != 0x0800 && etherType != 0x86DD) {
                continue;
            }
            boolean v6 = etherType == 0x86DD;
            byte[] ip = Arrays.copyOfRange(eth, ETHERNET_HEADER, eth.length);
            String expected = decodeToString(LinkType.ETHERNET, eth, frame.tsMicros());

            assertThat(decodeToString(LinkType.RAW, ip, frame.tsMicros())).as("RAW").isEqualTo(expected);
            assertThat(decodeToString(v6 ? LinkType.IPV6 : LinkType.IPV4, ip, frame.tsMicros())).as("IPV4/IPV6")
                    .isEqualTo(expected);
            // BSD address families: 2 = AF_INET; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS).
            for (int family : v6 ? new int[] {24, 28, 30} : new int[] {2}) {
                assertThat(decodeToString(LinkType.NULL, prefix(ip, family, false), frame.tsMicros()))
                        .as("NULL little-endian host, AF %d", family).isEqualTo(expected);
                assertThat(decodeToString(LinkType.NULL, prefix(ip, family, true), frame.tsMicros()))
                        .as("NULL big-endian host, AF %d", family).isEqualTo(expected);
                assertThat(decodeToString(LinkType.LOOP, prefix(ip, family, true), frame.tsMicros()))
                        .as("LOOP, AF %d", family).isEqualTo(expected);
            }
            compared++;
        }
        assertThat(compared).isPositive();
    }

    @Test
    void rawIpWithTheWrongVersionForItsLinkTypeIsCounted() throws IOException {
        PcapFile.Frame frame = RealCaptureDecodeTest.pcap("ipv4-tcp").frames().get(0);
        byte[] ip = Arrays.copyOfRange(frame.data(), ETHERNET_HEADER, frame.data().length);
        HeaderDecoder decoder = new HeaderDecoder();
        assertThat(decoder.decode(LinkType.IPV6, ip, 0, ip.length, 0, new DecodedHeader())).isFalse();
        assertThat(decoder.counters().skipped(SkipReason.BAD_IP_VERSION)).isEqualTo(1);
    }

    @Test
    void unknownLoopbackFamilyIsNotIp() {
        HeaderDecoder decoder = new HeaderDecoder();
        byte[] frame = {7, 0, 0, 0, 0x45, 0};
        assertThat(decoder.decode(LinkType.NULL, frame, 0, frame.length, 0, new DecodedHeader())).isFalse();
        assertThat(decoder.counters().skipped(SkipReason.NOT_IP)).isEqualTo(1);
    }

    @Test
    void dltNumbersMapToLinkTypes() {
        assertThat(LinkType.fromDlt(1)).isEqualTo(LinkType.ETHERNET);
        assertThat(LinkType.fromDlt(0)).isEqualTo(LinkType.NULL);
        assertThat(LinkType.fromDlt(108)).isEqualTo(LinkType.LOOP);
        assertThat(LinkType.fromDlt(12)).isEqualTo(LinkType.RAW);
        assertThat(LinkType.fromDlt(14)).isEqualTo(LinkType.RAW);
        assertThat(LinkType.fromDlt(101)).isEqualTo(LinkType.RAW);
        assertThat(LinkType.fromDlt(113)).isEqualTo(LinkType.LINUX_SLL);
        assertThat(LinkType.fromDlt(276)).isEqualTo(LinkType.LINUX_SLL2);
        assertThat(LinkType.fromDlt(228)).isEqualTo(LinkType.IPV4);
        assertThat(LinkType.fromDlt(229)).isEqualTo(LinkType.IPV6);
        assertThat(LinkType.fromDlt(9)).isEqualTo(LinkType.PPP);
        assertThat(LinkType.fromDlt(50)).isEqualTo(LinkType.PPP_SERIAL);
        assertThat(LinkType.fromDlt(51)).isEqualTo(LinkType.PPP_ETHER);
        assertThat(LinkType.fromDlt(104)).isEqualTo(LinkType.C_HDLC);
        assertThat(LinkType.fromDlt(10)).isEqualTo(LinkType.FDDI);
        assertThat(LinkType.fromDlt(105)).isEqualTo(LinkType.IEEE802_11);
        assertThat(LinkType.fromDlt(127)).isEqualTo(LinkType.IEEE802_11_RADIOTAP);
        assertThat(LinkType.fromDlt(239)).isEqualTo(LinkType.NFLOG);
        assertThat(LinkType.fromDlt(230)).as("802.15.4 is not supported").isNull();
        for (LinkType t : LinkType.values()) {
            assertThat(LinkType.fromDlt(t.dlt())).isEqualTo(t);
        }
    }

    private static byte[] prefix(byte[] ip, int family, boolean bigEndian) {
        byte[] framed = new byte[4 + ip.length];
        if (bigEndian) {
            framed[3] = (byte) family;
        } else {
            framed[0] = (byte) family;
        }
        System.arraycopy(ip, 0, framed, 4, ip.length);
        return framed;
    }

    private static final Function<DecodedHeader, String> WITHOUT_VLAN = h -> h + " src=" + Arrays.toString(h.srcAddress())
            + " dst=" + Arrays.toString(h.dstAddress()) + " rep=" + Arrays.toString(h.reporterAddress())
            + " ipLen=" + h.ipLength + " ipId=" + h.ipId + " ts=" + h.tsMicros
            + " sackL=" + Arrays.toString(Arrays.copyOf(h.sackLeft, h.sackBlockCount))
            + " sackR=" + Arrays.toString(Arrays.copyOf(h.sackRight, h.sackBlockCount));

    /** The decoded fields as text, or the skip reason counted. */
    private static String decodeToString(LinkType link, byte[] frame, long ts) {
        HeaderDecoder decoder = new HeaderDecoder();
        DecodedHeader out = new DecodedHeader();
        if (decoder.decode(link, frame, 0, frame.length, ts, out)) {
            return WITHOUT_VLAN.apply(out);
        }
        return "skipped " + decoder.counters().snapshot();
    }
}
