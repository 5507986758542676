package dev.synscope.streams.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.VantageStats;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zeek's JSON conn.log: field names, order, types, unset fields left out, our extras behind them. */
class ZeekJsonConnLogWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aClosedConnectionIsOneZeekJsonLine() {
        ConnLogRecord r = ConnLogRecord.newBuilder(ReportWritersTest.closedNormally())
                .setOrigFinalState(TcpState.TIME_WAIT).setRespFinalState(TcpState.CLOSED)
                .setSynToSynAckMicros(1_250L).setSynAckToAckMicros(40L).setRespRetransmits(1)
                .setVantages(List.of(VantageStats.newBuilder().setProbeId("edge-1").setFirstSeenMicros(1)
                        .setLastSeenMicros(2).build()))
                .build();
        // community_id: the spec's algorithm (python hashlib over the same tuple) - 1:KviLwOTdbgdKixreK1Yp2P7krAs=
        assertThat(ZeekJsonConnLogWriter.line(r)).isEqualTo("{\"ts\":1700000000.123456,\"uid\":\"C1a2b3c4d5e6f7g8h9\","
                + "\"id.orig_h\":\"192.0.2.10\",\"id.orig_p\":38608,\"id.resp_h\":\"198.51.100.10\",\"id.resp_p\":80,"
                + "\"proto\":\"tcp\",\"duration\":2.500001,\"orig_bytes\":77,\"resp_bytes\":230,\"conn_state\":\"SF\","
                + "\"missed_bytes\":0,\"history\":\"ShADadFf\",\"orig_pkts\":5,\"orig_ip_bytes\":337,\"resp_pkts\":4,"
                + "\"resp_ip_bytes\":450,\"ip_proto\":6,\"community_id\":\"1:KviLwOTdbgdKixreK1Yp2P7krAs=\","
                + "\"synscope.end_reason\":\"FIN\",\"synscope.orig_final_state\":\"TIME_WAIT\","
                + "\"synscope.resp_final_state\":\"CLOSED\",\"synscope.orig_retransmits\":0,"
                + "\"synscope.resp_retransmits\":1,\"synscope.syn_to_synack\":0.00125,\"synscope.synack_to_ack\":0.00004,"
                + "\"synscope.roles_guessed\":false,\"synscope.probes\":[\"edge-1\"]}");
    }

    @Test
    void unsetFieldsAreLeftOutAsZeekDoes() throws IOException {
        JsonNode json = MAPPER.readTree(ZeekJsonConnLogWriter.line(ReportWritersTest.unanswered()));
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names.stream().filter(n -> !n.startsWith(ZeekJsonConnLogWriter.EXTRA_PREFIX)))
                .containsExactly("ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto",
                        "conn_state", "missed_bytes", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts",
                        "resp_ip_bytes", "ip_proto", "community_id");
        assertThat(json.get("ts").isNumber()).isTrue();
        assertThat(json.get("ts").asText()).isEqualTo("1.700000001E9");
        assertThat(json.get("id.orig_p").isInt()).isTrue();
        assertThat(json.get("community_id").asText()).isEqualTo("1:YXqXufkGr4i6TbJJYF83fvyDLZ8=");
        assertThat(names).doesNotContain("synscope.syn_to_synack", "synscope.probes");
        // the key order is Zeek's (names that are written keep ZEEK_FIELDS' order)
        assertThat(ZeekJsonConnLogWriter.ZEEK_FIELDS).containsSubsequence(
                names.stream().filter(n -> !n.startsWith(ZeekJsonConnLogWriter.EXTRA_PREFIX)).toList());
    }

    @Test
    void secondsAreTheExactMicrosecondDecimalWithoutTrailingZeros() {
        assertThat(ZeekJsonConnLogWriter.seconds(1_300_475_167_096_535L)).isEqualTo("1300475167.096535");
        assertThat(ZeekJsonConnLogWriter.seconds(1_300_475_167_096_530L)).isEqualTo("1300475167.09653");
        assertThat(ZeekJsonConnLogWriter.seconds(1_300_475_167_000_000L)).isEqualTo("1300475167.0");
        assertThat(ZeekJsonConnLogWriter.seconds(0)).isEqualTo("0.0");
        assertThat(ZeekJsonConnLogWriter.seconds(7)).isEqualTo("0.000007");
        assertThat(ZeekJsonConnLogWriter.seconds(-1_500_000)).isEqualTo("-1.5");
        // the same double as Zeek's sec + usec / 1e6
        assertThat(Double.parseDouble(ZeekJsonConnLogWriter.seconds(1_300_475_167_096_535L)))
                .isEqualTo(1_300_475_167d + 96_535 / 1e6);
    }

    @Test
    void aLogSkipsInterimRecordsAndSortsByTs() throws IOException {
        StringWriter out = new StringWriter();
        ZeekJsonConnLogWriter.write(List.of(ReportWritersTest.unanswered(), ReportWritersTest.interim(),
                ReportWritersTest.closedNormally()), out);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(MAPPER.readTree(lines[0]).get("uid").asText()).isEqualTo("C1a2b3c4d5e6f7g8h9");
        assertThat(MAPPER.readTree(lines[1]).get("uid").asText()).isEqualTo("CzzzUnanswered0001");
    }
}
