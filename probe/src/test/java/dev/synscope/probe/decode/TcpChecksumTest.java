package dev.synscope.probe.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TcpChecksumTest {

    /*
     * A SYN with Linux's options, IPv4 (192.0.2.10:40000 -> 198.51.100.10:80); CKSM is filled in by
     * withChecksum, an independent transcription of RFC 1071's reference loop. Written to a pcap,
     * this frame with that checksum (0xc3d2) is "Good" to tshark -o tcp.check_checksum:TRUE.
     */
    private static final String SYN_V4 = "4500003c1c4640004006" + "0000" + "c000020a" + "c633640a"
            + "9c400050" + "00000064" + "00000000" + "a002faf0" + "CKSM" + "0000"
            + "020405b40402080a000000000000000001030307";

    @Test
    void aSegmentItselfComputedChecksIsGoodAndAnyFlippedBitIsBad() {
        byte[] frame = withChecksum(SYN_V4, 4, 0, 20);
        assertThat(frame[36] & 0xFF).isEqualTo(0xc3);
        assertThat(frame[37] & 0xFF).isEqualTo(0xd2);
        assertThat(TcpChecksum.verify(frame, 4, 0, 20, frame.length - 20, frame.length)).isEqualTo(TcpChecksum.GOOD);
        for (int bit = 0; bit < (frame.length - 20) * 8; bit += 7) {
            byte[] bad = frame.clone();
            bad[20 + bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(TcpChecksum.verify(bad, 4, 0, 20, bad.length - 20, bad.length)).as("bit %d", bit)
                    .isEqualTo(TcpChecksum.BAD);
        }
        byte[] otherAddress = frame.clone();
        otherAddress[15] ^= 1; // the pseudo-header covers the addresses
        assertThat(TcpChecksum.verify(otherAddress, 4, 0, 20, frame.length - 20, frame.length))
                .isEqualTo(TcpChecksum.BAD);
    }

    @Test
    void aSegmentCutBySnaplenIsUnverifiable() {
        byte[] frame = withChecksum(SYN_V4, 4, 0, 20);
        assertThat(TcpChecksum.verify(frame, 4, 0, 20, frame.length - 20, frame.length - 1))
                .isEqualTo(TcpChecksum.UNVERIFIABLE);
        assertThat(TcpChecksum.verify(frame, 4, 0, 20, 12, frame.length)).isEqualTo(TcpChecksum.UNVERIFIABLE);
    }

    @Test
    void ipv6AndAnOddLengthAreSummedAsTheRfcSays() {
        // IPv6 2001:db8::1 -> 2001:db8::2, a 21-byte segment (one payload byte): the pad byte is zero
        String v6 = "6000000000150640" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002"
                + "9c400050000000640000000050180200" + "CKSM" + "0000" + "41";
        byte[] frame = withChecksum(v6, 6, 0, 40);
        assertThat(TcpChecksum.verify(frame, 6, 0, 40, 21, frame.length)).isEqualTo(TcpChecksum.GOOD);
        frame[frame.length - 1] ^= 0x10;
        assertThat(TcpChecksum.verify(frame, 6, 0, 40, 21, frame.length)).isEqualTo(TcpChecksum.BAD);
    }

    @Test
    void theDecoderSkipsABadSegmentOnlyWhenAskedAndCountsIt() {
        byte[] good = withChecksum(SYN_V4, 4, 0, 20);
        byte[] bad = good.clone();
        bad[37] ^= 0x01;
        DecodedHeader out = new DecodedHeader();

        HeaderDecoder validating = new HeaderDecoder(new DecodeCounters(), true);
        assertThat(validating.decode(LinkType.RAW, good, 0, good.length, 1L, out)).isTrue();
        assertThat(validating.decode(LinkType.RAW, bad, 0, bad.length, 2L, out)).isFalse();
        assertThat(validating.decode(LinkType.RAW, bad, 0, 40, 3L, out)).as("cut by the snaplen: unverifiable, kept")
                .isTrue();
        assertThat(validating.counters().snapshot()).containsEntry("bad_tcp_checksum", 1L);

        HeaderDecoder trusting = new HeaderDecoder();
        assertThat(trusting.decode(LinkType.RAW, bad, 0, bad.length, 4L, out)).isTrue();
        assertThat(trusting.counters().snapshot()).doesNotContainKey("bad_tcp_checksum");
    }

    /** The frame with its TCP checksum computed independently (RFC 1071's reference loop) and written. */
    private static byte[] withChecksum(String hex, int version, int ip, int l4) {
        byte[] b = HexFormat.of().parseHex(hex.replace("CKSM", "0000"));
        int len = b.length - l4;
        long sum = 0;
        if (version == 4) {
            for (int i = ip + 12; i < ip + 20; i += 2) {
                sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
            }
            sum += 6 + len;
        } else {
            for (int i = ip + 8; i < ip + 40; i += 2) {
                sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
            }
            sum += len + 6;
        }
        for (int i = 0; i < len; i += 2) {
            int hi = b[l4 + i] & 0xFF;
            int lo = i + 1 < len ? b[l4 + i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        int check = (int) (~sum & 0xFFFF);
        b[l4 + 16] = (byte) (check >>> 8);
        b[l4 + 17] = (byte) check;
        return b;
    }
}
