package dev.synscope.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Community ID v1 against independent implementations. Sources of the vectors:
 * <ul>
 * <li>SPEC-TABLE: github.com/corelight/community-id-spec, baseline/README.md, "Default settings" table;
 * <li>SPEC-DEFLT / SPEC-SEED1 / SPEC-NOB64: the same repository's baseline/baseline_deflt.json,
 * baseline_seed1.json and baseline_nob64.json (the reference community-id.py over its pcaps/tcp.pcap,
 * ipv6.pcap, udp.pcap, sctp.pcap);
 * <li>ZEEK: Zeek's btest baselines scripts.policy.protocols.conn.community-id-logging(-flipped)/conn.log.cut
 * (shared/corpus/zeek/baselines), Zeek's own community_id for http/get.pcap and tcp/handshake-reorder.pcap;
 * <li>TSHARK: Wireshark's tshark 4.0.17 {@code --enable-protocol communityid} (and {@code -o communityid.seed:1})
 * on shared/corpus/zeek/traces/communityid/tcp.pcap and ipv6.pcap, both directions of every packet: the
 * same values as SPEC-DEFLT / SPEC-SEED1.
 * </ul>
 */
class CommunityIdTest {

    @ParameterizedTest(name = "{0} {1} {2}:{3} -> {4}:{5}")
    @CsvSource({
            // source,     seed, proto, src, sport, dst, dport, community id
            "SPEC-TABLE,   0, 6,   1.2.3.4, 1122, 5.6.7.8, 3344, 1:wCb3OG7yAFWelaUydu0D+125CLM=",
            "SPEC-TABLE,   0, 17,  1.2.3.4, 1122, 5.6.7.8, 3344, 1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=",
            "SPEC-TABLE,   0, 132, 1.2.3.4, 1122, 5.6.7.8, 3344, 1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=",
            "SPEC-DEFLT+TSHARK, 0, 6, 128.232.110.120, 34855, 66.35.250.204, 80, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
            "SPEC-DEFLT+TSHARK, 0, 6, 2001:470:e5bf:dead:4957:2174:e82c:4887, 63943, 2607:f8b0:400c:c03::1a, 25,"
                    + " 1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
            "SPEC-DEFLT,   0, 17,  192.168.1.52, 54585, 8.8.8.8, 53, 1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
            "SPEC-DEFLT,   0, 132, 192.168.170.8, 7, 192.168.170.56, 7, 1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=",
            "SPEC-SEED1+TSHARK, 1, 6, 128.232.110.120, 34855, 66.35.250.204, 80, 1:3V71V58M3Ksw/yuFALMcW0LAHvc=",
            "SPEC-SEED1,   1, 6,   2001:470:e5bf:dead:4957:2174:e82c:4887, 63943, 2607:f8b0:400c:c03::1a, 25,"
                    + " 1:eJYTW6AOzFLlSUoESovMjnu7rMw=",
            "SPEC-SEED1,   1, 17,  192.168.1.52, 54585, 8.8.8.8, 53, 1:Q9We8WO3piVF8yEQBNJF4uiSVrI=",
            "SPEC-SEED1,   1, 132, 192.168.170.8, 7, 192.168.170.56, 7, 1:5w3ZRjeKBzqT3zsaEECDGjUbYeg=",
            "ZEEK,         0, 6,   141.142.228.5, 59856, 192.150.187.43, 80, 1:yvyB8h+3dnggTZW0UEITWCst97w=",
    })
    void matchesTheVectorsInBothDirections(String source, int seed, int proto, String src, int sport, String dst,
                                           int dport, String expected) {
        byte[] s = CanonicalKeys.addressBytes(src);
        byte[] d = CanonicalKeys.addressBytes(dst);
        assertThat(CommunityId.v1(seed, proto, s, sport, d, dport)).as(source).isEqualTo(expected);
        assertThat(CommunityId.v1(seed, proto, d, dport, s, sport)).as(source + " reversed").isEqualTo(expected);
        if (seed == 0 && proto == CommunityId.TCP) {
            assertThat(CommunityId.tcp(src, sport, dst, dport)).isEqualTo(expected);
            assertThat(CommunityId.of(CanonicalKeys.of(s.length == 4 ? 4 : 6, s, sport, d, dport, null)))
                    .isEqualTo(expected);
        }
    }

    @Test
    void theDigestIsTheSpecsNoBase64Form() {
        // SPEC-NOB64
        assertThat(HexFormat.of().formatHex(CommunityId.digest(0, 6, CanonicalKeys.addressBytes("128.232.110.120"),
                34855, CanonicalKeys.addressBytes("66.35.250.204"), 80)))
                .isEqualTo("2d053da9994af81e45dca0e67afea6e4f3226eb8");
        assertThat(HexFormat.of().formatHex(CommunityId.digest(0, 6,
                CanonicalKeys.addressBytes("2607:f8b0:400c:c03::1a"), 25,
                CanonicalKeys.addressBytes("2001:470:e5bf:dead:4957:2174:e82c:4887"), 63943)))
                .isEqualTo("fea15a78047e8057b52988cccd50ec32ffb0814e");
    }

    @Test
    void aConnLogRecordHashesItsFourTuple() {
        ConnLogRecord r = ConnLogRecord.newBuilder().setTs(1).setUid("C1").setOrigH("192.150.187.43").setOrigP(80)
                .setRespH("141.142.228.5").setRespP(59856).setConnState("SF").build();
        assertThat(CommunityId.of(r)).isEqualTo("1:yvyB8h+3dnggTZW0UEITWCst97w=");
    }

    @Test
    void equalAddressesOrderByPort() {
        byte[] a = {10, 0, 0, 1};
        assertThat(CommunityId.v1(0, 6, a, 2000, a, 1000)).isEqualTo(CommunityId.v1(0, 6, a, 1000, a, 2000));
    }

    @Test
    void rejectsWhatTheHashCannotHold() {
        byte[] v4 = {10, 0, 0, 1};
        byte[] v6 = new byte[16];
        assertThatThrownBy(() -> CommunityId.v1(0, 6, v4, 1, v6, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommunityId.v1(0, 6, v4, 65536, v4, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommunityId.v1(65536, 6, v4, 1, v4, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommunityId.tcp("example.org", 1, "10.0.0.1", 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
