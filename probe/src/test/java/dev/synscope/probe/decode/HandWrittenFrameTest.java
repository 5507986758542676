package dev.synscope.probe.decode;

import static dev.synscope.probe.decode.Fixtures.bytes;
import static dev.synscope.probe.decode.Fixtures.concat;
import static dev.synscope.probe.decode.Fixtures.cut;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.ObservationKind;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Edge cases on hand-written frames (see {@link Fixtures} for the byte-by-byte layouts). */
class HandWrittenFrameTest {

    private HeaderDecoder decoder;
    private DecodedHeader out;

    @BeforeEach
    void setUp() {
        decoder = new HeaderDecoder();
        out = new DecodedHeader();
    }

    private boolean decode(LinkType link, byte[] frame) {
        return decoder.decode(link, frame, 0, frame.length, 1_700_000_000_000_000L, out);
    }

    private boolean decodeEth(byte[] frame) {
        return decode(LinkType.ETHERNET, frame);
    }

    /** Asserts the frame was skipped for exactly {@code reason} and nothing else was counted. */
    private void assertSkipped(boolean decoded, SkipReason reason) {
        assertThat(decoded).as("decoded").isFalse();
        assertThat(decoder.counters().snapshot()).containsExactly(java.util.Map.entry(reason.reason(), 1L));
        assertThat(decoder.counters().annotationSnapshot()).isEmpty();
        assertThat(decoder.counters().decodedCount()).isZero();
    }

    @Nested
    class Ipv4Tcp {

        @Test
        void decodesEveryFieldFlagAndOption() {
            assertThat(decodeEth(Fixtures.ipv4Tcp())).isTrue();
            assertThat(out.kind).isEqualTo(ObservationKind.TCP);
            assertThat(out.tsMicros).isEqualTo(1_700_000_000_000_000L);
            assertThat(out.ipVersion).isEqualTo(4);
            assertThat(out.srcAddress()).containsExactly(192, 0, 2, 10);
            assertThat(out.dstAddress()).containsExactly(198, 51, 100, 10);
            assertThat(out.ipLength).isEqualTo(76);
            assertThat(out.ipId).isEqualTo(0x1234);
            assertThat(out.ttl).isEqualTo(64);
            assertThat(out.vlan).isEqualTo(-1);
            assertThat(out.srcPort).isEqualTo(50000);
            assertThat(out.dstPort).isEqualTo(80);
            assertThat(out.seq).isEqualTo(4294967294L);
            assertThat(out.ack).isEqualTo(2147483649L);
            assertThat(out.flags).isEqualTo(DecodedHeader.FIN | DecodedHeader.SYN | DecodedHeader.RST
                    | DecodedHeader.PSH | DecodedHeader.ACK | DecodedHeader.URG | DecodedHeader.ECE
                    | DecodedHeader.CWR | DecodedHeader.NS).isEqualTo(0x1FF);
            assertThat(out.window).isEqualTo(65535);
            assertThat(out.payloadLength).isEqualTo(12);
            assertThat(out.mss).isEqualTo(1460);
            assertThat(out.sackPermitted).isTrue();
            assertThat(out.tsVal).isEqualTo(1);
            assertThat(out.tsEcr).isEqualTo(4294967295L);
            assertThat(out.windowScale).isEqualTo(7);
            assertThat(out.sackBlockCount).isZero();
            assertThat(out.optionsIncomplete).isFalse();
            assertThat(out.icmpType).isEqualTo(-1);
            assertThat(decoder.counters().decodedCount()).isEqualTo(1);
            assertThat(decoder.counters().snapshot()).isEmpty();
            assertThat(decoder.counters().annotationSnapshot()).isEmpty();
        }

        @Test
        void decodesAtANonZeroOffsetAndFromBuffers() {
            byte[] frame = Fixtures.ipv4Tcp();
            byte[] padded = concat(bytes(9, 9, 9, 9, 9, 9, 9), frame, bytes(9, 9, 9));
            assertThat(decoder.decode(LinkType.ETHERNET, padded, 7, frame.length, 5, out)).isTrue();
            assertThat(out.seq).isEqualTo(4294967294L);

            ByteBuffer direct = ByteBuffer.allocateDirect(padded.length).put(padded);
            assertThat(decoder.decode(LinkType.ETHERNET, direct, 7, frame.length, 5, out)).isTrue();
            assertThat(out.windowScale).isEqualTo(7);
            assertThat(direct.position()).as("buffer position untouched").isEqualTo(padded.length);

            assertThat(decoder.decode(LinkType.ETHERNET, ByteBuffer.wrap(padded), 7, frame.length, 5, out)).isTrue();
            assertThat(out.payloadLength).isEqualTo(12);
        }

        @Test
        void sizesComeFromTheIpLengthNotTheCapturedLength() {
            // Snaplen cut: only headers captured, 12 payload bytes missing.
            assertThat(decodeEth(cut(Fixtures.ipv4Tcp(), Fixtures.IPV4_TCP_PAYLOAD))).isTrue();
            assertThat(out.payloadLength).isEqualTo(12);
            // Ethernet padding after a 40-byte RST: not payload.
            assertThat(decodeEth(Fixtures.qinqRstWithPadding())).isTrue();
            assertThat(out.payloadLength).isZero();
            assertThat(out.ipLength).isEqualTo(40);
        }

        /** Cut the frame at every length: each layer reports its own truncation, never an exception. */
        @Test
        void truncatedAtEveryLengthCountsTheLayerItStopsIn() {
            byte[] frame = Fixtures.ipv4Tcp();
            for (int n = 0; n <= frame.length; n++) {
                HeaderDecoder d = new HeaderDecoder();
                DecodedHeader h = new DecodedHeader();
                boolean decoded = d.decode(LinkType.ETHERNET, cut(frame, n), 0, n, 0, h);
                String at = "cut at " + n;
                if (n < Fixtures.IPV4_TCP_IP) {
                    assertThat(d.counters().skipped(SkipReason.TRUNCATED_LINK)).as(at).isEqualTo(1);
                } else if (n < Fixtures.IPV4_TCP_TCP) {
                    assertThat(d.counters().skipped(SkipReason.TRUNCATED_IP)).as(at).isEqualTo(1);
                } else if (n < Fixtures.IPV4_TCP_OPTIONS) {
                    assertThat(d.counters().skipped(SkipReason.TRUNCATED_TCP)).as(at).isEqualTo(1);
                } else if (n < Fixtures.IPV4_TCP_PAYLOAD) {
                    assertThat(decoded).as(at).isTrue();
                    assertThat(d.counters().skipped(SkipReason.TRUNCATED_TCP_OPTIONS)).as(at).isEqualTo(1);
                    assertThat(h.optionsIncomplete).as(at).isTrue();
                    assertThat(h.mss).as(at).isEqualTo(n >= Fixtures.IPV4_TCP_OPTIONS + 4 ? 1460 : -1);
                    assertThat(h.payloadLength).as(at).isEqualTo(12);
                } else {
                    assertThat(decoded).as(at).isTrue();
                    assertThat(d.counters().snapshot()).as(at).isEmpty();
                    assertThat(d.counters().annotationSnapshot()).as(at).isEmpty();
                    assertThat(h.windowScale).as(at).isEqualTo(7);
                }
                assertThat(decoded || d.counters().skippedTotal() == 1).as(at).isTrue();
            }
        }
    }

    @Nested
    class Ipv4Header {

        private static final int VERSION_IHL = Fixtures.IPV4_TCP_IP;
        private static final int TOTAL_LENGTH = Fixtures.IPV4_TCP_IP + 2;
        private static final int FRAGMENT = Fixtures.IPV4_TCP_IP + 6;
        private static final int PROTOCOL = Fixtures.IPV4_TCP_IP + 9;

        @Test
        void ihlBelowFiveWordsIsBadIhl() {
            byte[] f = Fixtures.ipv4Tcp();
            f[VERSION_IHL] = 0x44;
            assertSkipped(decodeEth(f), SkipReason.BAD_IHL);
        }

        @Test
        void ihlBeyondTotalLengthIsBadIhl() {
            byte[] f = Fixtures.ipv4Tcp();
            f[VERSION_IHL] = 0x4F;                           // 60-byte header
            f[TOTAL_LENGTH] = 0;
            f[TOTAL_LENGTH + 1] = 40;                        // in a 40-byte packet
            assertSkipped(decodeEth(f), SkipReason.BAD_IHL);
        }

        @Test
        void totalLengthBelowTwentyOrZeroIsBadIpLength() {
            byte[] f = Fixtures.ipv4Tcp();
            f[TOTAL_LENGTH + 1] = 19;
            assertSkipped(decodeEth(f), SkipReason.BAD_IP_LENGTH);
            decoder.counters().reset();
            f[TOTAL_LENGTH + 1] = 0;                         // TSO-style zero length: not guessed
            assertSkipped(decodeEth(f), SkipReason.BAD_IP_LENGTH);
        }

        @Test
        void totalLengthTooSmallForTheTcpHeaderIsBadIpLength() {
            byte[] f = Fixtures.ipv4Tcp();
            f[TOTAL_LENGTH + 1] = 24 + 19;
            assertSkipped(decodeEth(f), SkipReason.BAD_IP_LENGTH);
        }

        @Test
        void wrongVersionIsBadIpVersion() {
            byte[] f = Fixtures.ipv4Tcp();
            f[VERSION_IHL] = 0x66;
            assertSkipped(decodeEth(f), SkipReason.BAD_IP_VERSION);
        }

        @Test
        void firstFragmentCarriesTcpLaterFragmentsAreCounted() {
            byte[] f = Fixtures.ipv4Tcp();
            f[FRAGMENT] = 0x20;                              // MF, offset 0
            f[FRAGMENT + 1] = 0x00;
            assertThat(decodeEth(f)).isTrue();
            assertThat(out.seq).isEqualTo(4294967294L);

            f[FRAGMENT] = 0x20;                              // MF, offset 185 * 8 = 1480
            f[FRAGMENT + 1] = (byte) 185;
            assertThat(decodeEth(f)).isFalse();
            f[FRAGMENT] = 0x00;                              // last fragment, offset 1
            f[FRAGMENT + 1] = 0x01;
            assertThat(decodeEth(f)).isFalse();
            assertThat(decoder.counters().skipped(SkipReason.LATER_FRAGMENT)).isEqualTo(2);
        }

        @Test
        void udpIsNotTcp() {
            byte[] f = Fixtures.ipv4Tcp();
            f[PROTOCOL] = 17;
            assertSkipped(decodeEth(f), SkipReason.NOT_TCP);
        }
    }

    @Nested
    class TcpHeader {

        private static final int DATA_OFFSET = Fixtures.IPV4_TCP_TCP + 12;

        @Test
        void dataOffsetBelowFiveIsBadTcpOffset() {
            byte[] f = Fixtures.ipv4Tcp();
            f[DATA_OFFSET] = 0x41;
            assertSkipped(decodeEth(f), SkipReason.BAD_TCP_OFFSET);
        }

        @Test
        void dataOffsetBeyondTheIpPayloadIsBadTcpOffset() {
            byte[] f = Fixtures.ipv4TcpWithOptions(new byte[0]);   // 20-byte TCP, no payload
            f[14 + 20 + 12] = (byte) 0x60;                          // claims 24 bytes
            assertSkipped(decodeEth(f), SkipReason.BAD_TCP_OFFSET);
        }
    }

    @Nested
    class TcpOptions {

        private void assertDecodedWithBadOption() {
            assertThat(out.optionsIncomplete).isTrue();
            assertThat(decoder.counters().decodedCount()).isEqualTo(1);
            assertThat(decoder.counters().skipped(SkipReason.BAD_TCP_OPTION)).isEqualTo(1);
            assertThat(decoder.counters().skippedTotal()).as("annotation, not a skip").isZero();
            assertThat(decoder.counters().snapshot()).as("annotation, not a skip").isEmpty();
            assertThat(decoder.counters().annotationSnapshot()).containsOnlyKeys("bad_tcp_option");
        }

        @Test
        void lengthZeroStopsParsingButKeepsTheSegment() {
            assertThat(decodeEth(Fixtures.ipv4TcpWithOptions(bytes(
                    0x02, 0x04, 0x05, 0xB4,                  // MSS 1460
                    0x1E, 0x00,                              // kind 30, length 0: malformed
                    0x03, 0x03, 0x07, 0x00,                  // window scale (never reached), EOL
                    0x00, 0x00)))).isTrue();
            assertThat(out.mss).isEqualTo(1460);
            assertThat(out.windowScale).isEqualTo(-1);
            assertThat(out.seq).isEqualTo(100);
            assertDecodedWithBadOption();
        }

        @Test
        void lengthOneIsMalformed() {
            assertThat(decodeEth(Fixtures.ipv4TcpWithOptions(bytes(0x08, 0x01, 0x00, 0x00)))).isTrue();
            assertThat(out.tsVal).isEqualTo(-1);
            assertDecodedWithBadOption();
        }

        @Test
        void lengthOverflowingTheDataOffsetIsMalformed() {
            assertThat(decodeEth(Fixtures.ipv4TcpWithOptions(bytes(
                    0x01, 0x01,                              // NOP NOP
                    0x08, 0x0A, 0x00, 0x00)))).isTrue();     // timestamps, length 10 in 2 bytes left
            assertThat(out.tsVal).isEqualTo(-1);
            assertDecodedWithBadOption();
        }

        @Test
        void kindWithoutRoomForItsLengthByteIsMalformed() {
            assertThat(decodeEth(Fixtures.ipv4TcpWithOptions(bytes(0x01, 0x01, 0x01, 0x02)))).isTrue();
            assertDecodedWithBadOption();
        }

        @Test
        void wrongLengthForAKnownKindIsSkippedAndParsingContinues() {
            assertThat(decodeEth(Fixtures.ipv4TcpWithOptions(bytes(
                    0x02, 0x05, 0x05, 0xB4, 0x00,            // MSS with length 5: ignored
                    0x03, 0x03, 0x0E,                        // window scale 14: still read
                    0x05, 0x0B, 0, 0, 0, 1, 0, 0, 0, 2, 0,   // SACK with length 11: ignored
                    0x00)))).isTrue();                       // EOL
            assertThat(out.mss).isEqualTo(-1);
            assertThat(out.windowScale).isEqualTo(14);
            assertThat(out.sackBlockCount).isZero();
            assertDecodedWithBadOption();
        }

        @Test
        void unknownKindsAreSkippedByLengthAndEolEndsTheList() {
            assertThat(decodeEth(Fixtures.ipv4TcpWithOptions(bytes(
                    0x1E, 0x06, 0xDE, 0xAD, 0xBE, 0xEF,      // kind 30 (MPTCP), length 6
                    0x22, 0x02,                              // kind 34 (TFO cookie request), length 2
                    0x04, 0x02,                              // SACK permitted
                    0x00,                                    // EOL: the rest is padding
                    0x02, 0x04, 0x05, 0xB4, 0x00)))).isTrue();   // never read
            assertThat(out.sackPermitted).isTrue();
            assertThat(out.mss).isEqualTo(-1);
            assertThat(out.optionsIncomplete).isFalse();
            assertThat(decoder.counters().snapshot()).isEmpty();
            assertThat(decoder.counters().annotationSnapshot()).isEmpty();
        }

        @Test
        void fourSackBlocks() {
            assertThat(decodeEth(Fixtures.ipv4TcpWithOptions(bytes(
                    0x01, 0x01,                              // NOP NOP
                    0x05, 0x22,                              // SACK, length 34 = 2 + 4 * 8
                    0x00, 0x00, 0x03, 0xE8, 0x00, 0x00, 0x07, 0xD0,   // 1000-2000
                    0x00, 0x00, 0x0B, 0xB8, 0x00, 0x00, 0x0F, 0xA0,   // 3000-4000
                    0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x10,   // wraps: 4294967040-16
                    0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00,   // 2147483647-2147483648
                    0x01, 0x01, 0x01, 0x01)))).isTrue();
            assertThat(out.sackBlockCount).isEqualTo(4);
            assertThat(out.sackLeft).containsExactly(1000, 3000, 4294967040L, 2147483647L);
            assertThat(out.sackRight).containsExactly(2000, 4000, 16, 2147483648L);
        }

        @Test
        void optionsAreResetBetweenPackets() {
            assertThat(decodeEth(Fixtures.ipv4Tcp())).isTrue();
            assertThat(out.mss).isEqualTo(1460);
            assertThat(decodeEth(Fixtures.ipv4TcpWithOptions(new byte[0]))).isTrue();
            assertThat(out.mss).isEqualTo(-1);
            assertThat(out.tsVal).isEqualTo(-1);
            assertThat(out.sackPermitted).isFalse();
            assertThat(out.flags).isEqualTo(DecodedHeader.ACK);
        }
    }

    @Nested
    class Ipv6 {

        @Test
        void walksTheWholeExtensionChainToTcp() {
            assertThat(decodeEth(Fixtures.ipv6ExtensionChain())).isTrue();
            assertThat(out.ipVersion).isEqualTo(6);
            assertThat(out.addrLength).isEqualTo(16);
            assertThat(out.srcAddress()).isEqualTo(GoldenComparison.addr("2001:db8::1"));
            assertThat(out.dstAddress()).isEqualTo(GoldenComparison.addr("2001:db8::2"));
            assertThat(out.ipLength).isEqualTo(40 + 76);
            assertThat(out.ipId).isEqualTo(-1);
            assertThat(out.ttl).isEqualTo(64);
            assertThat(out.srcPort).isEqualTo(443);
            assertThat(out.dstPort).isEqualTo(50001);
            assertThat(out.flags).isEqualTo(DecodedHeader.SYN);
            assertThat(out.window).isEqualTo(29200);
            assertThat(out.payloadLength).isZero();
        }

        @Test
        void laterFragmentIsCounted() {
            byte[] f = Fixtures.ipv6ExtensionChain();
            f[Fixtures.IPV6_EXT_FRAGMENT_OFFSET_FIELD + 1] = 0x08;   // offset 1 (8 bytes), M = 0
            assertSkipped(decodeEth(f), SkipReason.LATER_FRAGMENT);
        }

        @Test
        void extensionHeaderLoopIsBoundedAndCounted() {
            // 9 destination-options headers, each pointing at the next: one more than the bound.
            byte[] chain = new byte[0];
            for (int i = 0; i < 9; i++) {
                chain = concat(chain, bytes(60, 0x00, 0x01, 0x04, 0, 0, 0, 0));
            }
            chain = concat(chain, new byte[20]);
            int payload = chain.length;
            byte[] f = concat(Fixtures.ethernet(0x86DD), bytes(
                    0x60, 0, 0, 0, payload >>> 8, payload & 0xFF, 60, 64),
                    new byte[32], chain);
            assertSkipped(decodeEth(f), SkipReason.BAD_IPV6_EXT);
        }

        @Test
        void extensionHeaderOverflowingThePayloadIsCounted() {
            byte[] f = Fixtures.ipv6ExtensionChain();
            f[14 + 40 + 1] = (byte) 0xFF;                      // hop-by-hop claims 2048 bytes
            assertSkipped(decodeEth(f), SkipReason.BAD_IPV6_EXT);
        }

        @Test
        void extensionChainCutByTheSnaplenIsTruncatedIp() {
            assertSkipped(decodeEth(cut(Fixtures.ipv6ExtensionChain(), 14 + 40 + 8 + 8 + 4)), SkipReason.TRUNCATED_IP);
        }

        @Test
        void espAndNoNextHeaderAreNotTcp() {
            byte[] f = Fixtures.ipv6ExtensionChain();
            f[14 + 6] = 50;                                    // ESP: encrypted, nothing to read
            assertThat(decodeEth(f)).isFalse();
            f[14 + 6] = 59;                                    // no next header
            assertThat(decodeEth(f)).isFalse();
            assertThat(decoder.counters().skipped(SkipReason.NOT_TCP)).isEqualTo(2);
        }

        @Test
        void jumbogramPayloadLengthZeroIsRejected() {
            byte[] f = Fixtures.ipv6ExtensionChain();
            f[14 + 4] = 0;
            f[14 + 5] = 0;
            assertSkipped(decodeEth(f), SkipReason.BAD_IPV6_EXT);
        }
    }

    @Nested
    class Vlan {

        @Test
        void qinqRecordsTheOuterTag() {
            assertThat(decodeEth(Fixtures.qinqRstWithPadding())).isTrue();
            assertThat(out.vlan).isEqualTo(300);
            assertThat(out.flags).isEqualTo(DecodedHeader.RST | DecodedHeader.ACK);
            assertThat(out.ttl).isEqualTo(63);
        }

        @Test
        void singleAndLegacyTags() {
            byte[] f = Fixtures.qinqRstWithPadding();
            f[12] = (byte) 0x91;                              // legacy QinQ TPID 0x9100
            f[13] = 0x00;
            assertThat(decodeEth(f)).isTrue();
            assertThat(out.vlan).isEqualTo(300);
            f[12] = (byte) 0x81;                              // plain 802.1Q outer tag, PCP 7
            f[14] = (byte) 0xE0 | 0x01;
            assertThat(decodeEth(f)).isTrue();
            assertThat(out.vlan).isEqualTo(300);
        }

        @Test
        void tagCutByTheSnaplenIsTruncatedLink() {
            assertSkipped(decodeEth(cut(Fixtures.qinqRstWithPadding(), 14 + 6)), SkipReason.TRUNCATED_LINK);
        }

        @Test
        void arpAndIeee8023FramesAreNotIp() {
            byte[] f = Fixtures.qinqRstWithPadding();
            f[20] = 0x08;                                     // inner EtherType ARP
            f[21] = 0x06;
            assertThat(decodeEth(f)).isFalse();
            byte[] llc = concat(Fixtures.ethernet(0x0026), new byte[46]);   // 802.3 length field
            assertThat(decodeEth(llc)).isFalse();
            assertThat(decoder.counters().skipped(SkipReason.NOT_IP)).isEqualTo(2);
        }
    }

    @Nested
    class Icmp {

        @Test
        void shortQuoteGivesPortsAndSeqOnly() {
            assertThat(decodeEth(Fixtures.icmpHostUnreachableShortQuote())).isTrue();
            assertThat(out.kind).isEqualTo(ObservationKind.ICMP_ERROR);
            assertThat(out.icmpType).isEqualTo(3);
            assertThat(out.icmpCode).isEqualTo(1);
            assertThat(out.reporterAddress()).containsExactly(203, 0, 113, 1);
            assertThat(out.srcAddress()).as("quoted source").containsExactly(192, 0, 2, 10);
            assertThat(out.dstAddress()).as("quoted destination").containsExactly(198, 51, 100, 99);
            assertThat(out.srcPort).isEqualTo(45000);
            assertThat(out.dstPort).isEqualTo(80);
            assertThat(out.seq).isEqualTo(0x0A0B0C0DL);
            assertThat(out.icmpQuoteFull).isFalse();
            assertThat(out.ack).isEqualTo(-1);
            assertThat(out.window).isEqualTo(-1);
            assertThat(out.flags).isZero();
            assertThat(out.ttl).as("outer TTL").isEqualTo(254);
            assertThat(out.ipId).as("outer id").isEqualTo(0xABCD);
            assertThat(out.ipLength).isEqualTo(56);
            assertThat(out.payloadLength).isZero();
        }

        @Test
        void quoteShorterThanEightTcpBytesIsTruncatedIcmp() {
            byte[] f = Fixtures.icmpHostUnreachableShortQuote();
            assertSkipped(decodeEth(cut(f, f.length - 1)), SkipReason.TRUNCATED_ICMP);
        }

        @Test
        void quoteIsBoundedByTheOuterIpLengthNotTheCapture() {
            byte[] f = concat(Fixtures.icmpHostUnreachableShortQuote(), new byte[20]);  // trailing bytes
            f[14 + 3] = 0x37;                                  // outer total length 55: quote 7 TCP bytes
            assertSkipped(decodeEth(f), SkipReason.TRUNCATED_ICMP);
        }

        @Test
        void echoRequestIsNotAnError() {
            byte[] f = Fixtures.icmpHostUnreachableShortQuote();
            f[14 + 20] = 8;
            assertSkipped(decodeEth(f), SkipReason.NOT_ICMP_ERROR);
        }

        @Test
        void quotedUdpIsNotTcp() {
            byte[] f = Fixtures.icmpHostUnreachableShortQuote();
            f[14 + 20 + 8 + 9] = 17;
            assertSkipped(decodeEth(f), SkipReason.ICMP_QUOTE_NOT_TCP);
        }

        @Test
        void quotedHeaderWithBadVersionOrIhlIsBadQuote() {
            byte[] f = Fixtures.icmpHostUnreachableShortQuote();
            f[14 + 20 + 8] = 0x65;
            assertThat(decodeEth(f)).isFalse();
            f[14 + 20 + 8] = 0x43;
            assertThat(decodeEth(f)).isFalse();
            assertThat(decoder.counters().skipped(SkipReason.BAD_ICMP_QUOTE)).isEqualTo(2);
        }

        @Test
        void icmpv6QuoteWithExtensionHeaders() {
            assertThat(decodeEth(Fixtures.icmpv6AdminProhibited())).isTrue();
            assertThat(out.kind).isEqualTo(ObservationKind.ICMP_ERROR);
            assertThat(out.ipVersion).isEqualTo(6);
            assertThat(out.icmpType).isEqualTo(1);
            assertThat(out.icmpCode).isEqualTo(1);
            assertThat(out.reporterAddress()).isEqualTo(GoldenComparison.addr("2001:db8::fe"));
            assertThat(out.srcAddress()).isEqualTo(GoldenComparison.addr("2001:db8::1"));
            assertThat(out.dstAddress()).isEqualTo(GoldenComparison.addr("2001:db8::2"));
            assertThat(out.srcPort).isEqualTo(50001);
            assertThat(out.dstPort).isEqualTo(443);
            assertThat(out.seq).isEqualTo(7);
            assertThat(out.ttl).isEqualTo(64);
            assertThat(out.icmpQuoteFull).isFalse();
        }

        @Test
        void icmpv6QuoteWithMalformedChainIsBadQuote() {
            byte[] f = Fixtures.icmpv6AdminProhibited();
            f[14 + 40 + 8 + 40 + 1] = 0x10;                    // dest options claims 136 bytes
            assertSkipped(decodeEth(f), SkipReason.BAD_ICMP_QUOTE);
        }

        @Test
        void icmpv6InsideIpv4IsNotTcp() {
            byte[] f = Fixtures.icmpHostUnreachableShortQuote();
            f[14 + 9] = 58;
            assertSkipped(decodeEth(f), SkipReason.NOT_TCP);
        }
    }

    @Nested
    class CallerMistakes {

        @Test
        void invalidBuffersAreCountedNotThrown() {
            byte[] f = Fixtures.ipv4Tcp();
            assertThat(decoder.decode(LinkType.ETHERNET, (byte[]) null, 0, 10, 0, out)).isFalse();
            assertThat(decoder.decode(LinkType.ETHERNET, f, -1, 10, 0, out)).isFalse();
            assertThat(decoder.decode(LinkType.ETHERNET, f, 0, f.length + 1, 0, out)).isFalse();
            assertThat(decoder.decode(LinkType.ETHERNET, f, 10, Integer.MAX_VALUE, 0, out)).isFalse();
            assertThat(decoder.decode(LinkType.ETHERNET, f, 0, -5, 0, out)).isFalse();
            assertThat(decoder.decode(LinkType.ETHERNET, f, 0, f.length, 0, null)).isFalse();
            assertThat(decoder.counters().skipped(SkipReason.INVALID_FRAME)).isEqualTo(6);
        }

        @Test
        void nullLinkTypeIsUnsupported() {
            assertSkipped(decode(null, Fixtures.ipv4Tcp()), SkipReason.UNSUPPORTED_LINK);
        }
    }

    @Test
    void skipReasonNamesAreStableSnakeCase() {
        for (SkipReason r : SkipReason.values()) {
            assertThat(r.reason()).matches("[a-z0-9]+(_[a-z0-9]+)*").isEqualTo(r.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
