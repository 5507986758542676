package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Conversations.all;
import static dev.synscope.streams.topology.Conversations.clientCloses;
import static dev.synscope.streams.topology.Conversations.exchange;
import static dev.synscope.streams.topology.Conversations.handshake;
import static dev.synscope.streams.topology.Conversations.rstAnsweringSyn;
import static dev.synscope.streams.topology.Conversations.serverCloses;
import static dev.synscope.streams.topology.Conversations.syn;
import static dev.synscope.streams.topology.Packets.ACK;
import static dev.synscope.streams.topology.Packets.CLIENT;
import static dev.synscope.streams.topology.Packets.RST;
import static dev.synscope.streams.topology.Packets.SERVER;
import static dev.synscope.streams.topology.Packets.SYN;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.endOfCapture;
import static dev.synscope.streams.topology.Packets.heartbeat;
import static dev.synscope.streams.topology.Packets.s2c;
import static dev.synscope.streams.topology.Packets.seconds;
import static dev.synscope.streams.topology.Packets.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.metrics.PipelineMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 12: bounded connections per task (early drop of embryonic ones), empty endpoint rows removed, history cap. */
class BoundedStateTopologyTest {

    private static final int LIMIT = 1_000;
    private static final int SPOOFED = 50_000;
    private static final int LEGIT = 5;
    private static final String SERVICE = SERVER + ":80";

    /** A SYN from a spoofed source: a new address per SYN (10.0.0.0/8), a random port and ISN. */
    static HeaderObservation spoofedSyn(long t, int i, Random random) {
        String src = "10." + ((i >> 16) & 0xFF) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
        return tcp(t, src, 1024 + random.nextInt(64_000), SERVER, 80, SYN, random.nextInt() & 0xFFFF_FFFFL, 0, 0,
                64240, 64);
    }

    @Test
    void aSynFloodIsBoundedByEarlyDropWhileEstablishedConnectionsAreKeptAndTheFloodIsRaised() {
        Thresholds thresholds = Thresholds.builder().maxConnectionsPerTask(LIMIT).wallClockIdleAdvance(Duration.ZERO)
                .build();
        Random random = new Random(12);
        List<HeaderObservation> traffic = new ArrayList<>(SPOOFED + LEGIT * 7);
        for (int i = 0; i < SPOOFED; i++) {
            traffic.add(spoofedSyn(T0 + i * 200L, i, random)); // 5,000 SYN/s for 10 s
        }
        for (int k = 0; k < LEGIT; k++) {
            long t = T0 + seconds(1 + k * 1.7);
            traffic.addAll(handshake(t, 40_000 + k, 80));        // 15 spoofed SYNs arrive during each handshake
            traffic.addAll(exchange(t + 3_000, 40_000 + k, 80));
        }
        traffic.sort(Comparator.comparingLong(HeaderObservation::getTsMicros));
        try (TopologyHarness h = new TopologyHarness(thresholds)) {
            long most = 0;
            for (int i = 0; i < traffic.size(); i++) {
                h.send(traffic.get(i));
                if (i % 500 == 0) {
                    most = Math.max(most, h.storeSize(SynScopeTopology.CONNECTIONS_STORE));
                }
            }
            most = Math.max(most, h.storeSize(SynScopeTopology.CONNECTIONS_STORE));
            assertThat(most).as("connections held at once").isEqualTo(LIMIT);

            // every connection started beyond the limit evicted exactly one embryonic connection
            long evicted = (long) h.metric(PipelineMetrics.CONNECTIONS_EVICTED, null);
            assertThat(evicted).isEqualTo(SPOOFED + LEGIT - LIMIT);
            assertThat(h.logs).filteredOn(l -> l.getEndReason() == EndReason.MEMORY_PRESSURE).hasSize((int) evicted)
                    .allSatisfy(l -> {
                        assertThat(l.getHistory()).isEqualTo("S");
                        assertThat(l.getOrigH()).startsWith("10.");
                    });
            assertThat(h.metric(PipelineMetrics.CONNECTIONS_REFUSED_AT_LIMIT, null)).isZero();
            assertThat(h.tombstones).hasSize((int) evicted);

            // the endpoint aggregates count what the table holds: the evicted ones were taken out
            assertThat(h.endpoint(SERVICE).getStateCounts()).containsEntry("LISTEN", (long) LIMIT - LEGIT)
                    .containsEntry("ESTABLISHED", (long) LEGIT).hasSize(2);
            // one row per originator host still in the table (the evicted ones' rows were deleted), service, host
            assertThat(h.storeSize(SynScopeTopology.ENDPOINT_STATS_STORE)).isEqualTo(LIMIT - LEGIT + 1 + 2);
            // the flood overflows the table: its handshakes are evicted long before they could age (1,000 rows at
            // 5,000 SYN/s: 0.2 s each), so the evictions are what SYN_FLOOD counts, once
            assertThat(h.anomaliesOf(AnomalyType.SYN_FLOOD)).singleElement()
                    .satisfies(a -> assertThat(a.getRespH() + ":" + a.getRespP()).isEqualTo(SERVICE))
                    .satisfies(a -> assertThat(a.getEvidence().get(0).getDescription()).contains(
                            "50 of them evicted from the full connection table this window before they could age"));
            assertThat(h.endpoint(SERVICE).getTotalEvictedHandshakes()).isEqualTo(evicted);

            h.send(endOfCapture(T0 + seconds(11)));
            List<ConnLogRecord> legit = h.logs.stream().filter(l -> l.getOrigH().equals(CLIENT)).toList();
            assertThat(legit).hasSize(LEGIT).allSatisfy(l -> {
                assertThat(l.getEndReason()).isEqualTo(EndReason.CAPTURE_END);
                assertThat(l.getHistory()).isEqualTo("ShADad");
                assertThat(l.getOrigBytes()).isEqualTo(77);
                assertThat(l.getRespBytes()).isEqualTo(230);
            });
            assertThat(h.logs).filteredOn(l -> l.getEndReason() == EndReason.CAPTURE_END)
                    .hasSize(LIMIT); // the 995 spoofed ones left and the 5 established
            assertThat(h.logs).hasSize(SPOOFED + LEGIT);
            assertThat(h.storeSize(SynScopeTopology.CONNECTIONS_STORE)).isZero();
            // no connection left; the row stays for what it has to say: the evictions the flood caused
            assertThat(h.endpoint(SERVICE).getStateCounts()).isEmpty();
            assertThat(h.endpoint(SERVICE).getTotalEvictedHandshakes()).isEqualTo(evicted);
            assertThat(h.deadLetters).isEmpty();
        }
    }

    @Test
    void atTheLimitWithNothingEmbryonicNewConnectionsAreRefusedAndCounted() {
        Thresholds thresholds = Thresholds.builder().maxConnectionsPerTask(3).wallClockIdleAdvance(Duration.ZERO)
                .build();
        try (TopologyHarness h = new TopologyHarness(thresholds)) {
            h.send(all(handshake(T0, 40000, 80), handshake(T0 + 10_000, 40001, 80), handshake(T0 + 20_000, 40002, 80)));
            h.send(syn(T0 + 30_000, 40003, 80), syn(T0 + 40_000, 40004, 80));
            assertThat(h.metric(PipelineMetrics.CONNECTIONS_REFUSED_AT_LIMIT, null)).isEqualTo(2.0);
            assertThat(h.metric(PipelineMetrics.CONNECTIONS_EVICTED, null)).isZero();
            assertThat(h.stored(syn(T0, 40003, 80))).isNull();
            // a connection that leaves makes room again
            h.send(all(clientCloses(T0 + 50_000, 40000, 80), serverCloses(T0 + 60_000, 40000, 80)));
            h.send(heartbeat(T0 + seconds(70)));                    // TIME_WAIT over: finalized
            h.send(syn(T0 + seconds(71), 40005, 80));
            assertThat(h.stored(syn(T0, 40005, 80))).isNotNull();
            h.send(syn(T0 + seconds(72), 40006, 80));                // the embryonic 40005 makes room
            assertThat(h.metric(PipelineMetrics.CONNECTIONS_EVICTED, null)).isEqualTo(1.0);
            assertThat(h.stored(syn(T0, 40005, 80))).isNull();
            assertThat(h.stored(syn(T0, 40006, 80))).isNotNull();
            assertThat(h.storeSize(SynScopeTopology.CONNECTIONS_STORE)).isEqualTo(3);
            assertThat(h.deadLetters).isEmpty();
        }
    }

    @Test
    void aCandidateWhoseDeadlinePassedGetsItsTimeoutBeforeItIsEvicted() {
        // without the give-up inference, which would finalize both lone SYNs at their CONNECT_TIMEOUT (no eviction)
        Thresholds thresholds = Thresholds.builder().maxConnectionsPerTask(2).wallClockIdleAdvance(Duration.ZERO)
                .giveUpMargin(0).build();
        try (TopologyHarness h = new TopologyHarness(thresholds)) {
            h.send(syn(T0, 40000, 80), syn(T0 + 1_000, 40001, 80));
            h.send(syn(T0 + seconds(6), 40002, 80)); // before this record's sweep, both are past the SYN timeout
            // 40000 got its CONNECT_TIMEOUT before it was evicted (then the sweep timed out 40001)
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).extracting(a -> a.getOrigP())
                    .containsExactly(40000, 40001);
            assertThat(h.logs).singleElement().satisfies(l -> {
                assertThat(l.getEndReason()).isEqualTo(EndReason.MEMORY_PRESSURE);
                assertThat(l.getOrigP()).isEqualTo(40000);
            });
            assertThat(h.metric(PipelineMetrics.CONNECTIONS_EVICTED, null)).isEqualTo(1.0);
            assertThat(h.storeSize(SynScopeTopology.CONNECTIONS_STORE)).isEqualTo(2);
        }
    }

    @Test
    void anEndpointRowIsRemovedWhenItsAggregateIsBackToNothing() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 40000, 80), exchange(T0 + 3_000, 40000, 80)));
            assertThat(h.endpoint(SERVICE).getStateCounts()).containsEntry("ESTABLISHED", 1L);
            assertThat(h.endpoint(CLIENT)).isNotNull();
            h.send(all(clientCloses(T0 + 10_000, 40000, 80), serverCloses(T0 + 20_000, 40000, 80)));
            h.send(heartbeat(T0 + seconds(70)));                    // TIME_WAIT over: finalized
            assertThat(h.logs).singleElement().satisfies(l -> assertThat(l.getEndReason()).isEqualTo(EndReason.FIN));
            assertThat(h.endpoint(SERVICE)).isNull();
            assertThat(h.endpoint(CLIENT)).isNull();
            assertThat(h.endpoint(SERVER)).isNull();
            assertThat(h.storeSize(SynScopeTopology.ENDPOINT_STATS_STORE)).isZero();

            // a refusal is history the row keeps: the service row stays (with no connection in it)
            h.send(syn(T0 + seconds(80), 40001, 81), rstAnsweringSyn(T0 + seconds(80) + 500, 40001, 81));
            h.send(heartbeat(T0 + seconds(90)));                    // the close linger over: finalized
            assertThat(h.endpoint(SERVER + ":81").getTotalRefusals()).isEqualTo(1);
            assertThat(h.endpoint(SERVER + ":81").getStateCounts()).isEmpty();
            assertThat(h.endpoint(CLIENT)).isNull();
        }
    }

    @Test
    void theHistoryIsCappedAndTheLettersCutAreCounted() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 40000, 80)));
            // 100 RSTs outside the window, each with another seq: Zeek would add an 'r' for every one
            for (int i = 0; i < 100; i++) {
                h.send(s2c(T0 + 10_000 + i * 100L, 40000, 80, RST, Conversations.SISN + 5_000_000L + i, 0, 0));
            }
            assertThat(h.stored(syn(T0, 40000, 80)).getHistory().toString()).hasSize(64).startsWith("ShAr");
            // "ShA" + 61 letters kept: 39 cut
            assertThat(h.metric(PipelineMetrics.HISTORY_LETTERS_CUT, null)).isEqualTo(39.0);
            h.send(c2sAck(T0 + seconds(1)));
            h.send(endOfCapture(T0 + seconds(2)));
            assertThat(h.logs).singleElement().satisfies(l -> assertThat(l.getHistory()).hasSize(64));
            assertThat(h.metric(PipelineMetrics.HISTORY_LETTERS_CUT, null)).isEqualTo(39.0);
            assertThat(h.deadLetters).isEmpty();
        }
    }

    private static HeaderObservation c2sAck(long t) {
        return Packets.c2s(t, 40000, 80, ACK, Conversations.CISN + 1, Conversations.SISN + 1, 0);
    }
}
