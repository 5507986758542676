package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Conversations.all;
import static dev.synscope.streams.topology.Conversations.clientCloses;
import static dev.synscope.streams.topology.Conversations.exchange;
import static dev.synscope.streams.topology.Conversations.handshake;
import static dev.synscope.streams.topology.Conversations.serverCloses;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.heartbeat;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.CommunityId;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.streams.report.ZeekJsonConnLogWriter;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

/**
 * The conn-log JSON topic: each finished connection of the conn-log as Zeek's JSON line, keyed by uid;
 * and the Community ID on per-connection anomalies.
 */
class ConnLogJsonTopologyTest {

    @Test
    void aFinishedConnectionIsOneZeekJsonLineKeyedByItsUid() throws Exception {
        try (TopologyHarness h = new TopologyHarness()) {
            TestOutputTopic<String, String> json = h.driver.createOutputTopic(h.topics.connLogJson(),
                    new StringDeserializer(), new StringDeserializer());
            h.send(all(handshake(T0, 38608, 80), exchange(T0 + 10_000, 38608, 80),
                    clientCloses(T0 + 20_000, 38608, 80), serverCloses(T0 + 30_000, 38608, 80)));
            h.send(heartbeat(T0 + 30_000 + seconds(61)));

            assertThat(h.logs).hasSize(1);
            ConnLogRecord log = h.logs.get(0);
            List<KeyValue<String, String>> lines = json.readKeyValuesToList();
            assertThat(lines).containsExactly(KeyValue.pair(log.getUid(), ZeekJsonConnLogWriter.line(log)));
            JsonNode line = new ObjectMapper().readTree(lines.get(0).value);
            assertThat(line.get("uid").asText()).isEqualTo(log.getUid());
            assertThat(line.get("conn_state").asText()).isEqualTo("SF");
            assertThat(line.get("community_id").asText()).isEqualTo(CommunityId.of(log));
        }
    }

    @Test
    void aConnectionAnomalyCarriesTheConnectionsCommunityId() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(Conversations.syn(T0, 40001, 81), Conversations.rstAnsweringSyn(T0 + 500, 40001, 81));
            List<AnomalyEvent> refused = h.anomaliesOf(AnomalyType.CONNECTION_REFUSED);
            assertThat(refused).hasSize(1);
            AnomalyEvent a = refused.get(0);
            assertThat(a.getCommunityId()).isEqualTo(CommunityId.tcp(a.getOrigH(), a.getOrigP(), a.getRespH(),
                    a.getRespP())).startsWith("1:");
        }
    }

    @Test
    void interimRecordsStayOffTheJsonTopic() {
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.thresholds()
                .withWallClockIdleAdvance(java.time.Duration.ZERO).withInterimInterval(java.time.Duration.ofMinutes(5)))) {
            TestOutputTopic<String, String> json = h.driver.createOutputTopic(h.topics.connLogJson(),
                    new StringDeserializer(), new StringDeserializer());
            h.send(all(handshake(T0, 38608, 80), exchange(T0 + 10_000, 38608, 80)));
            // a long-lived connection kept alive past the interim interval
            for (int minute = 1; minute <= 70; minute++) {
                h.send(all(exchange(T0 + seconds(60L * minute), 38608, 80)));
            }
            long interims = h.logs.stream().filter(ConnLogRecord::getInterim).count();
            long finals = h.logs.size() - interims;
            assertThat(interims).isPositive();
            assertThat(json.readValuesToList()).hasSize((int) finals);
        }
    }
}
