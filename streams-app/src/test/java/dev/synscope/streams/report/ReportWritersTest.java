package dev.synscope.streams.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.Evidence;
import dev.synscope.schema.Severity;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.VantageStats;
import dev.synscope.schema.serde.SynScopeSerdes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report writers against hand-written golden files (src/test/resources/golden). */
class ReportWritersTest {

    static {
        // loading the serdes trusts our generated classes for Avro's default-value resolution
        SynScopeSerdes.CONNECTION_KEY.type();
    }

    /** The article's connection: 192.0.2.10:38608 -> 198.51.100.10:80, closed normally. */
    static ConnLogRecord closedNormally() {
        return ConnLogRecord.newBuilder()
                .setTs(1_700_000_000_123_456L).setUid("C1a2b3c4d5e6f7g8h9")
                .setOrigH("192.0.2.10").setOrigP(38608).setRespH("198.51.100.10").setRespP(80)
                .setDurationMicros(2_500_001L).setOrigBytes(77L).setRespBytes(230L).setConnState("SF")
                .setMissedBytes(0).setHistory("ShADadFf").setOrigPkts(5).setOrigIpBytes(337).setRespPkts(4)
                .setRespIpBytes(450).setEndReason(EndReason.FIN).build();
    }

    /** An unanswered SYN to an IPv6 server: Zeek leaves duration and bytes unset. */
    static ConnLogRecord unanswered() {
        return ConnLogRecord.newBuilder()
                .setTs(1_700_000_001_000_000L).setUid("CzzzUnanswered0001")
                .setOrigH("2001:db8::1").setOrigP(50000).setRespH("2001:db8::2").setRespP(443)
                .setConnState("S0").setHistory("S").setOrigPkts(3).setOrigIpBytes(240).build();
    }

    static ConnLogRecord interim() {
        return ConnLogRecord.newBuilder(closedNormally()).setUid("CinterimIsSkipped").setInterim(true)
                .setEndReason(EndReason.INTERIM).build();
    }

    @Test
    void zeekConnLogMatchesGolden() throws IOException {
        StringWriter out = new StringWriter();
        ZeekConnLogWriter.write(List.of(unanswered(), interim(), closedNormally()), out,
                Instant.parse("2023-11-14T22:13:20Z"), Instant.parse("2023-11-14T22:20:00Z"));
        assertThat(out.toString()).isEqualTo(golden("conn.log"));
    }

    @Test
    void statesCsvMatchesGolden() throws IOException {
        ConnectionState s = ConnectionState.newBuilder()
                .setUid("C1a2b3c4d5e6f7g8h9").setIpVersion(4)
                .setOrigAddr("192.0.2.10").setOrigPort(38608).setRespAddr("198.51.100.10").setRespPort(80)
                .setOrigState(TcpState.FIN_WAIT_2).setRespState(TcpState.CLOSE_WAIT)
                .setFirstSeenMicros(1_700_000_000_123_456L).setLastSeenMicros(1_700_000_002_000_000L)
                .setConnState("S1").setHistory("ShADadF").setOrigPackets(4).setRespPackets(3)
                .setOrigBytes(77).setRespBytes(230)
                .setVantages(List.of(
                        vantage("client", TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT),
                        vantage("server,eth0", TcpState.FIN_WAIT_1, TcpState.CLOSE_WAIT)))
                .build();
        StringWriter out = new StringWriter();
        StatesCsvWriter.write(List.of(s), out);
        assertThat(out.toString()).isEqualTo(golden("states.csv"));
    }

    @Test
    void anomaliesAreJsonLinesWithPlainValues() throws IOException {
        AnomalyEvent a = AnomalyEvent.newBuilder()
                .setEventId("C1-CONNECTION_REFUSED").setType(AnomalyType.CONNECTION_REFUSED)
                .setSeverity(Severity.WARNING).setTsMicros(1_700_000_000_200_000L).setUid("C1")
                .setOrigH("192.0.2.10").setOrigP(38608).setRespH("198.51.100.10").setRespP(81)
                .setVantageProbe("client")
                .setEvidence(List.of(Evidence.newBuilder().setTsMicros(1_700_000_000_200_000L).setProbeId("client")
                        .setDescription("RST \"answering\" the SYN").build()))
                .setLikelyCause("service down").setTags(List.of("middlebox_suspected")).build();
        StringWriter out = new StringWriter();
        AnomaliesJsonWriter.write(List.of(a, a), out);
        assertThat(out.toString()).isEqualTo(golden("anomalies.jsonl"));
    }

    @Test
    void reportNamesStatesAnomaliesAndEndpoints() {
        ConnectionState s = ConnectionState.newBuilder()
                .setUid("C1").setIpVersion(4).setOrigAddr("192.0.2.10").setOrigPort(38608)
                .setRespAddr("198.51.100.10").setRespPort(80).setOrigState(TcpState.ESTABLISHED)
                .setRespState(TcpState.ESTABLISHED).setFirstSeenMicros(1).setLastSeenMicros(2).build();
        AnomalyEvent a = AnomalyEvent.newBuilder().setEventId("x").setType(AnomalyType.CONNECT_TIMEOUT)
                .setSeverity(Severity.MAJOR).setTsMicros(5).setOrigH("192.0.2.10").setOrigP(1).setRespH("198.51.100.10")
                .setRespP(80).setUid("C2").setLikelyCause("firewall").setEvidence(List.of(Evidence.newBuilder()
                        .setTsMicros(1).setDescription("SYN retransmitted 2 times").build())).build();
        StringWriter out = new StringWriter();
        AnalysisReport.print(new AnalysisResult(List.of(s), List.of(closedNormally(), unanswered()), List.of(a)),
                new PrintWriter(out));
        assertThat(out.toString())
                .contains("Connections at the last packet: 1 (finished by the end of the capture: 2)")
                .contains("SF ").contains("S0 ")
                .contains("ESTABLISHED")
                .contains("[MAJOR] CONNECT_TIMEOUT 192.0.2.10:1 -> 198.51.100.10:80 uid C2")
                .contains("SYN retransmitted 2 times")
                .contains("198.51.100.10:80");
    }

    private static VantageStats vantage(String probe, TcpState orig, TcpState resp) {
        return VantageStats.newBuilder().setProbeId(probe).setFirstSeenMicros(1).setLastSeenMicros(2)
                .setOrigState(orig).setRespState(resp).build();
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ReportWritersTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
