package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Conversations.handshake;
import static dev.synscope.streams.topology.Conversations.syn;
import static dev.synscope.streams.topology.Packets.RST;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.c2s;
import static dev.synscope.streams.topology.Packets.endOfCapture;
import static dev.synscope.streams.topology.Packets.icmp;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.EndReason;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.streams.config.Thresholds;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * What captures nobody here wrote do to the topology (Zeek's test traces: tcp/single-rst.pcap,
 * modbus/modbus-and-non-modbus-p502.pcap): the task never stops and nothing valid is lost.
 */
class ForeignTrafficTopologyTest {

    private static final long YEAR = seconds(365L * 24 * 3600);

    @Test
    void aLoneRstIsOneConnectionAndTheNextRecordIsProcessed() {
        try (TopologyHarness h = new TopologyHarness(Thresholds.forFileAnalysis())) {
            h.send(c2s(T0, 48777, 80, RST, 1000, 0, 0));
            h.send(syn(T0 + seconds(1), 40001, 80));
            h.send(endOfCapture(T0 + seconds(2)));
            assertThat(h.deadLetters).isEmpty();
            assertThat(h.logs).extracting(l -> l.getOrigP() + " " + l.getConnState() + " " + l.getHistory())
                    .containsExactlyInAnyOrder("48777 OTH R", "40001 S0 S");
        }
    }

    @Test
    void anIcmpErrorWithAFiveByteReporterIsADeadLetterNotACrash() {
        try (TopologyHarness h = new TopologyHarness()) {
            HeaderObservation bad = icmp(T0, 40000, 80, Conversations.CISN, 3, 1, "203.0.113.1");
            bad.getIcmp().setReporterAddr(ByteBuffer.wrap(new byte[5]));
            h.send(bad);
            h.send(syn(T0 + seconds(1), 40001, 80));
            assertThat(h.deadLetters).singleElement()
                    .satisfies(d -> assertThat(d.getReason()).contains("reporter address of 5 bytes"));
            assertThat(h.rows).anySatisfy(r -> assertThat(r.getOrigPort()).isEqualTo(40001));
        }
    }

    @Test
    void aFileAcceptsAGapOfYearsEitherWayAndTimersFireAsTimeJumps() {
        try (TopologyHarness h = new TopologyHarness(Thresholds.forFileAnalysis())) {
            h.send(handshake(T0, 40000, 502).toArray(HeaderObservation[]::new));
            h.send(handshake(T0 + 3 * YEAR, 40001, 502).toArray(HeaderObservation[]::new));
            // a merged trace going back in time: still analysed, not refused
            h.send(handshake(T0 + YEAR, 40002, 502).toArray(HeaderObservation[]::new));
            h.send(endOfCapture(T0 + 3 * YEAR + seconds(1)));
            assertThat(h.deadLetters).isEmpty();
            assertThat(h.logs).extracting(l -> l.getOrigP()).containsExactlyInAnyOrder(40000, 40001, 40002);
            // the first connection was idle past the inactivity timeout when the clock jumped: expired by it,
            // as Zeek does, not kept until the end of the capture three years later
            assertThat(h.logs).filteredOn(l -> l.getOrigP() == 40000).singleElement()
                    .satisfies(l -> assertThat(l.getEndReason()).isEqualTo(EndReason.TIMEOUT));
            assertThat(h.logs).filteredOn(l -> l.getOrigP() == 40001).singleElement()
                    .satisfies(l -> assertThat(l.getEndReason()).isEqualTo(EndReason.CAPTURE_END));
        }
    }

    @Test
    void liveAnalysisStillRefusesACaptureTimeADayFromStreamTime() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40000, 80));
            h.send(syn(T0 - 3 * YEAR, 40001, 80));
            assertThat(h.deadLetters).singleElement()
                    .satisfies(d -> assertThat(d.getReason()).contains("from the stream time"));
        }
    }

    @Test
    void portZeroIsOnTheWireAndKept() {
        // Zeek's rotation.pcap: a port 0 is reserved, not impossible; Zeek logs it
        try (TopologyHarness h = new TopologyHarness(Thresholds.forFileAnalysis())) {
            h.send(syn(T0, 0, 80), syn(T0 + seconds(1), 20, 0));
            h.send(endOfCapture(T0 + seconds(2)));
            assertThat(h.deadLetters).isEmpty();
            assertThat(h.logs).extracting(l -> l.getOrigP() + ">" + l.getRespP()).containsExactlyInAnyOrder("0>80",
                    "20>0");
        }
    }

    @Test
    void aFileWrittenWithoutAClockIsAnalysedALiveProbeWithoutOneIsRefused() {
        // eight of Zeek's traces (finger/*, smtp/rfc3030...) stamp every packet at time 0
        try (TopologyHarness h = new TopologyHarness(Thresholds.forFileAnalysis())) {
            h.send(syn(0, 40000, 79));
            h.send(endOfCapture(0));
            assertThat(h.deadLetters).isEmpty();
            assertThat(h.logs).extracting(l -> l.getOrigP()).containsExactly(40000);
        }
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(0, 40000, 79));
            assertThat(h.deadLetters).singleElement()
                    .satisfies(d -> assertThat(d.getReason()).contains("is not after 1970"));
        }
    }

    @Test
    void liveAProbeClockAheadOfTheWallClockIsQuarantinedAndMovesNoTime() {
        // the default rule: 5 min ahead of the wall clock at most (the driver's wall clock stands at T0)
        try (TopologyHarness h = new TopologyHarness(Thresholds.defaults().withWallClockIdleAdvance(
                java.time.Duration.ZERO))) {
            h.send(syn(T0, 40000, 80));
            h.send(syn(T0 + seconds(3600), 40001, 80), Packets.heartbeat(T0 + seconds(3600)));
            h.send(syn(T0 + seconds(2), 40000, 80)); // the good probe goes on: its SYN is not "an hour late"
            assertThat(h.deadLetters).hasSize(2).allSatisfy(d -> assertThat(d.getReason())
                    .contains("ahead of the wall clock"));
            // stream time stayed with the good probe: its attempt neither timed out at the jump nor was refused
            assertThat(h.events).isEmpty();
            assertThat(h.stored(syn(T0, 40000, 80))).isNotNull()
                    .satisfies(c -> assertThat(c.getHistory()).isEqualTo("S"));
        }
    }
}
